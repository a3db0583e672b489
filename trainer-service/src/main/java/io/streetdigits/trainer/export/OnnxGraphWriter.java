package io.streetdigits.trainer.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import onnx.OnnxMl;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes an ONNX graph with the protobuf classes that ship inside nd4j-api ({@code onnx.OnnxMl}): nodes,
 * float and int64 initializers, and float32 inputs and outputs whose first dimension is the dynamic batch.
 */
final class OnnxGraphWriter {

    /** IR version 7 (ONNX 1.7), the newest the bundled onnx.proto describes; opset 13 covers every op we emit. */
    static final long IR_VERSION = 7;
    static final long OPSET = 13;
    static final String BATCH_DIMENSION = "batch";

    private final OnnxMl.GraphProto.Builder graph;
    private int nodeCount;

    OnnxGraphWriter(String name) {
        this(OnnxMl.GraphProto.newBuilder().setName(name));
    }

    /** Writes on into a graph begun elsewhere (node names go on from the count of nodes it holds). */
    OnnxGraphWriter(OnnxMl.GraphProto.Builder graph) {
        this.graph = graph;
        this.nodeCount = graph.getNodeCount();
    }

    void input(String name, long... dimsAfterBatch) {
        graph.addInput(valueInfo(name, dimsAfterBatch));
    }

    void output(String name, long... dimsAfterBatch) {
        graph.addOutput(valueInfo(name, dimsAfterBatch));
    }

    void initializer(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
    }

    void int64Initializer(String name, long[] dims, long[] values) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64_VALUE);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
    }

    void node(String opType, List<String> inputs, String output, OnnxMl.AttributeProto... attributes) {
        node(opType, inputs, List.of(output), attributes);
    }

    void node(String opType, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attributes) {
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
                .setName(opType + "_" + nodeCount++)
                .setOpType(opType)
                .addAllInput(inputs)
                .addAllOutput(outputs);
        for (OnnxMl.AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
    }

    byte[] toModelBytes(String producer, String producerVersion, String docString) {
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName(producer)
                .setProducerVersion(producerVersion)
                .setDocString(docString)
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder()
                .setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT).setI(value).build();
    }

    static OnnxMl.AttributeProto decimal(String name, double value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    static OnnxMl.AttributeProto text(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... dimsAfterBatch) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIMENSION));
        for (long dim : dimsAfterBatch) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
                .build();
    }
}
