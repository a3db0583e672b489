package io.streetdigits.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchManifestTest {

    private static final String BATCH = "0b6c2f3e-4a1d-4e7e-9a55-0e3c1f0a9b21";

    @Test
    void theIdsOfABatchAreItsIdAndAnIndexBelowItsTotal() {
        BatchManifest manifest = BatchManifest.indexed(BATCH, "acme", 40_000, null, Instant.EPOCH);

        assertThat(BatchManifest.requestId(BATCH, 39_999)).isEqualTo(BATCH + ".39999");
        assertThat(manifest.indexOf(BATCH + ".0")).isZero();
        assertThat(manifest.indexOf(BATCH + ".39999")).isEqualTo(39_999);
        assertThat(manifest.indexOf(BATCH + ".40000")).isEqualTo(-1);
        assertThat(manifest.indexOf(BATCH + ".007")).isEqualTo(-1);
        assertThat(manifest.indexOf(BATCH + ".-1")).isEqualTo(-1);
        assertThat(manifest.indexOf(BATCH + ".")).isEqualTo(-1);
        assertThat(manifest.indexOf(BATCH)).isEqualTo(-1);
        assertThat(manifest.indexOf("another." + 1)).isEqualTo(-1);
        assertThat(manifest.indexOf(BATCH + "x.1")).isEqualTo(-1);
        assertThat(manifest.indexOf(BATCH + ".99999999999")).isEqualTo(-1);
    }

    @Test
    void staysSmallAndReadsAnOlderGatewaysManifestWithoutIndexedIds() {
        BatchManifest manifest = BatchManifest.indexed(BATCH, "acme", 40_000, "digit-cnn", Instant.EPOCH);
        assertThat(ContractJson.write(manifest)).hasSizeLessThan(200).contains("\"requestIds\":\"indexed\"");
        assertThat(ContractJson.read(ContractJson.write(manifest), BatchManifest.class)).isEqualTo(manifest);

        BatchManifest older = ContractJson.read("{\"batchId\":\"" + BATCH + "\",\"tenant\":\"acme\",\"total\":3,"
                + "\"acceptedAt\":\"2026-01-01T00:00:00Z\"}", BatchManifest.class);
        assertThat(older.indexedIds()).isFalse();
        assertThat(older.indexOf(BATCH + ".0")).isEqualTo(-1);
    }
}
