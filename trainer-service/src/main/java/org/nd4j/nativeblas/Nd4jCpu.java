package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Restores the class DL4J 1.0.0-M2.1 looks up to decide whether its oneDNN layer helpers may run.
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} loads {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by name and
 * calls {@code getInstance().isUseMKLDNN()}. In M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method became {@code isUseONEDNN()},
 * so the lookup fails and every oneDNN helper is silently switched off: training runs about 3x slower
 * (../shared/STACK.md, docs/benchmarks.md). This class answers at the old name by asking the new one. The new one
 * is reached by reflection because it exists in the CPU backend only; with the CUDA backend the answer is no.
 * Remove this class when DL4J is upgraded to a release that fixes the lookup.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The old name of ND4J's native environment, delegating to the new one. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();
        private static final String MOVED_TO = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public Boolean isUseMKLDNN() {
            try {
                Class<?> environment = Class.forName(MOVED_TO);
                Object instance = environment.getMethod("getInstance").invoke(null);
                Method useOneDnn = environment.getMethod("isUseONEDNN");
                return (Boolean) useOneDnn.invoke(instance);
            } catch (ClassNotFoundException e) {
                return false; // not the CPU backend: no oneDNN
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("ND4J's environment at " + MOVED_TO + " changed shape", e);
            }
        }
    }
}
