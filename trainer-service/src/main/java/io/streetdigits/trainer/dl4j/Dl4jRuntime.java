package io.streetdigits.trainer.dl4j;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.jboss.logging.Logger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prepares Deeplearning4j before the first network is built: switches its oneDNN layer helpers on (they are off by
 * default in 1.0.0-M2.1; see {@link org.nd4j.nativeblas.Nd4jCpu}) and reports the backend once.
 */
public final class Dl4jRuntime {

    /** Read by DL4J each time a layer is built, defaulting to "true" (helpers disabled). */
    static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static final Logger LOG = Logger.getLogger(Dl4jRuntime.class);
    private static volatile boolean prepared;

    private Dl4jRuntime() {
    }

    /** Idempotent; call before building any network. */
    public static synchronized void prepare() {
        if (prepared) {
            return;
        }
        System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "unknown");
        boolean oneDnn = BaseMKLDNNHelper.mklDnnEnabled();
        if (oneDnn) {
            LOG.infof("DL4J backend %s with oneDNN layer helpers", backend);
        } else {
            LOG.warnf("DL4J backend %s without oneDNN layer helpers: convolution training runs several times slower",
                    backend);
        }
        prepared = true;
    }

    /**
     * Whether the layers of networks built from now on use oneDNN: on by default; off only to measure what it is
     * worth. Affects the whole JVM, so training jobs run one at a time.
     */
    public static synchronized void useOneDnn(boolean on) {
        prepare();
        System.setProperty(HELPERS_DISABLE_PROPERTY, Boolean.toString(!on));
    }

    /** Whether DL4J's layers will use oneDNN, as DL4J itself decides it. */
    public static boolean oneDnnEnabled() {
        prepare();
        return BaseMKLDNNHelper.mklDnnEnabled();
    }
}
