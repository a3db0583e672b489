package io.streetdigits.trainer.export;

/** A network holds a layer, vertex or setting the ONNX exporter cannot translate faithfully. */
public class UnsupportedLayerException extends IllegalArgumentException {

    public UnsupportedLayerException(String vertex, String what) {
        super("cannot export vertex '" + vertex + "' to ONNX: " + what);
    }
}
