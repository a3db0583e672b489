package org.nd4j.nativeblas;

/**
 * Restores the class DL4J 1.0.0-M2.1 looks up to decide whether its oneDNN layer helpers may run.
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by name and
 * calls {@code getInstance().isUseMKLDNN()}. In M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method became {@code isUseONEDNN()},
 * so the lookup fails and every oneDNN helper is silently switched off: training runs about 4.5x slower
 * (../shared/STACK.md). This class answers at the old name by asking the new one. Remove it when DL4J is upgraded
 * to a release that fixes the lookup.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The old name of ND4J's native environment, delegating to the new one. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public Boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
