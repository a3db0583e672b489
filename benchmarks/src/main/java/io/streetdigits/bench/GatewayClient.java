package io.streetdigits.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.streetdigits.core.contract.ContractJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The gateway's HTTP API as the benchmarks use it: one tenant's key, plain requests, parsed answers. */
final class GatewayClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build(); // HTTP/2 upgrade requests drop "Content-Length: 0"
    private final URI base;
    private final String apiKey;

    GatewayClient(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    GatewayClient withKey(String key) {
        return new GatewayClient(base, key);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    HttpResponse<String> postImage(byte[] image, String query) throws IOException, InterruptedException {
        return send(request("/api/v1/recognitions" + query).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** Uploads images as one zip part; the response is the gateway's answer. */
    HttpResponse<String> postBatch(Map<String, byte[]> images) throws IOException, InterruptedException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> image : images.entrySet()) {
                out.putNextEntry(new ZipEntry(image.getKey()));
                out.write(image.getValue());
                out.closeEntry();
            }
        }
        return postZip(zip.toByteArray(), "batch.zip");
    }

    HttpResponse<String> postZip(byte[] zip, String fileName) throws IOException, InterruptedException {
        return postZip(zip, fileName, "");
    }

    HttpResponse<String> postZip(byte[] zip, String fileName, String query) throws IOException,
            InterruptedException {
        String boundary = "----streetdigits" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"archive\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/zip\r\n\r\n").getBytes());
        body.write(zip);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        return send(request("/api/v1/batches" + query)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return ContractJson.mapper().readTree(response.body());
    }
}
