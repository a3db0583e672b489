package io.streetdigits.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.streetdigits.core.contract.ContractJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real headless Chromium (Debian's chromium and chromium-driver), against the packaged gateway
 * and inference service: nothing but the controls on first load, one photo read with its confidences, a bad
 * upload that leaves no earlier reading and shows its error where the user looks, a batch followed to its CSV,
 * and the model comparison's chart without a key (on the page, and in the picture docs/model-comparison.svg).
 */
class WebPageIT {

    private WebDriver browser;

    @BeforeEach
    void openBrowser() {
        Path driver = Path.of("/usr/bin/chromedriver");
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(driver) || !Files.isExecutable(chromium)) {
            throw new IllegalStateException("the web page test needs Debian's chromium and chromium-driver: run"
                    + " ./streetdigits test (it installs them) or apt-get install chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            Files.createDirectories(Path.of("target", "e2e-logs"));
            Files.write(Path.of("target", "e2e-logs", "web-page.png"),
                    ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            browser.quit();
        }
    }

    @Test
    void aPhotoIsReadWithItsConfidencesAndABatchRunsToItsCsv() throws Exception {
        RunningSystem system = RunningSystem.get();
        Map<String, byte[]> images = BatchIT.images(6, 4242);
        Path folder = Files.createDirectories(Path.of("target", "e2e-web").toAbsolutePath());
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            Files.write(folder.resolve(image.getKey()), image.getValue());
        }
        String first = images.keySet().iterator().next();
        String expected;
        try (ModelOracle oracle = new ModelOracle(system.bundled)) {
            expected = oracle.read(images.get(first));
        }

        browser.get(system.gateway.uri("/").toString());
        // Before anything is uploaded there is no result, batch or error to show.
        for (String id : List.of("image-result", "batch", "image-error", "batch-error", "comparison-error")) {
            assertThat(browser.findElement(By.id(id)).isDisplayed()).as(id + " on first load").isFalse();
        }
        browser.findElement(By.id("api-key")).sendKeys(RunningSystem.ACME_KEY);
        browser.findElement(By.id("image-input")).sendKeys(folder.resolve(first).toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        awaitReading(wait);

        assertThat(browser.findElement(By.id("digits")).getText()).isEqualTo(expected.isEmpty() ? "(none)" : expected);
        assertThat(browser.findElements(By.cssSelector("#positions tbody tr"))).hasSize(6);
        assertThat(browser.findElement(By.id("reading-detail")).getText()).contains("digit-cnn/");

        StringBuilder all = new StringBuilder();
        for (String name : images.keySet()) {
            all.append(all.length() == 0 ? "" : "\n").append(folder.resolve(name));
        }
        browser.findElement(By.id("batch-input")).sendKeys(all.toString());
        WebElement link = browser.findElement(By.id("csv-link"));
        wait.until(page -> link.isDisplayed());

        assertThat(browser.findElement(By.id("batch-status")).getText()).contains("6 of 6", "COMPLETE");
        assertThat(browser.findElement(By.id("batch-progress")).getAttribute("value")).isEqualTo("6");
        assertThat(link.getAttribute("href")).startsWith("blob:");
        assertThat(browser.findElement(By.id("image-error")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("batch-error")).isDisplayed()).isFalse();
    }

    @Test
    void aBadUploadAfterAGoodOneLeavesNoOldReadingAndShowsItsErrorInView() throws Exception {
        RunningSystem system = RunningSystem.get();
        Path folder = Files.createDirectories(Path.of("target", "e2e-web").toAbsolutePath());
        Map.Entry<String, byte[]> photo = BatchIT.images(1, 777).entrySet().iterator().next();
        Path good = Files.write(folder.resolve(photo.getKey()), photo.getValue());
        Path bad = Files.writeString(folder.resolve("notes.txt"), "not a photo");

        browser.get(system.gateway.uri("/").toString());
        browser.findElement(By.id("api-key")).sendKeys(RunningSystem.ACME_KEY);
        WebElement input = browser.findElement(By.id("image-input"));
        input.sendKeys(good.toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        awaitReading(wait);
        assertThat(browser.findElements(By.cssSelector("#positions tbody tr"))).isNotEmpty();

        input.sendKeys(bad.toString());
        WebElement error = browser.findElement(By.id("image-error"));
        wait.until(page -> error.isDisplayed());

        assertThat(error.getAttribute("role")).isEqualTo("alert");
        assertThat(error.getText()).isNotBlank();
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript("const box ="
                + " arguments[0].getBoundingClientRect(); return box.top >= 0 && box.bottom <= window.innerHeight;",
                error)).as("the error is in the viewport").isTrue();
        // The good photo's reading is gone: no digits, detail or confidences beside the bad file.
        assertThat(browser.findElement(By.id("image-result")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("digits")).getAttribute("textContent")).isEmpty();
        assertThat(browser.findElement(By.id("reading-detail")).getAttribute("textContent")).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#positions tbody tr"))).isEmpty();
    }

    private static void awaitReading(WebDriverWait wait) {
        wait.until(page -> {
            String digits = page.findElement(By.id("digits")).getText();
            return !digits.isEmpty() && !digits.equals("…");
        });
    }

    @Test
    void theModelComparisonIsChartedWithOneMarkerPerModel() throws Exception {
        RunningSystem system = RunningSystem.get();
        Path comparison = RunningSystem.ROOT.resolve("docs/model-comparison.json");
        int models = ContractJson.mapper().readTree(comparison.toFile()).get("models").size();
        assertThat(models).as("models in " + comparison).isPositive();

        // The comparison is public: the page charts it with no key typed, and does not claim there is none.
        browser.get(system.gateway.uri("/").toString());
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(page -> page.findElements(By.cssSelector("#comparison svg circle")).size() == models);
        assertThat(browser.findElement(By.id("api-key")).getAttribute("value")).isEmpty();
        assertThat(browser.findElement(By.id("no-comparison")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("comparison-error")).isDisplayed()).isFalse();

        browser.get(comparison.resolveSibling("model-comparison.svg").toUri().toString());
        assertThat(browser.findElements(By.cssSelector("svg circle"))).hasSize(models);
        assertThat(browser.findElement(By.tagName("svg")).getText()).contains("resnet18", "knn");
    }
}
