package io.streetdigits.trainer.export;

import java.util.ArrayList;
import java.util.List;
import onnx.OnnxMl;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * Joins ONNX models that take the same input and give the same outputs into one graph answering the mean of their
 * outputs (ONNX {@code Mean}), so an ensemble is served, batched and timed as one model. Each member's nodes and
 * weights keep their own names under a prefix ({@code member0/...}); all read the one shared input.
 */
public final class OnnxEnsemble {

    private OnnxEnsemble() {
    }

    /**
     * @param members    the members' serialised {@code ModelProto}s
     * @param inputName  the input every member reads
     * @param inputShape channels, height, width
     * @param outputs    the outputs every member gives, averaged under the same names
     */
    public static ExportedModel merge(List<byte[]> members, String inputName, List<Long> inputShape,
            List<String> outputs, String graphName) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members, got " + members.size());
        }
        OnnxMl.ModelProto first = parse(members.get(0), 0);
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(graphName);
        graph.addInput(valueInfo(first.getGraph().getInputList(), inputName, "input"));
        for (int m = 0; m < members.size(); m++) {
            String prefix = "member" + m + "/";
            OnnxMl.GraphProto member = parse(members.get(m), m).getGraph();
            for (OnnxMl.TensorProto weights : member.getInitializerList()) {
                graph.addInitializer(weights.toBuilder().setName(prefix + weights.getName()));
            }
            for (OnnxMl.NodeProto node : member.getNodeList()) {
                OnnxMl.NodeProto.Builder renamed = node.toBuilder().setName(prefix + node.getName())
                        .clearInput().clearOutput();
                node.getInputList().forEach(in -> renamed.addInput(
                        in.isEmpty() || in.equals(inputName) ? in : prefix + in));
                node.getOutputList().forEach(out -> renamed.addOutput(prefix + out));
                graph.addNode(renamed);
            }
        }
        for (String output : outputs) {
            OnnxMl.NodeProto.Builder mean = OnnxMl.NodeProto.newBuilder().setName("mean/" + output)
                    .setOpType("Mean").addOutput(output);
            for (int m = 0; m < members.size(); m++) {
                mean.addInput("member" + m + "/" + output);
            }
            graph.addNode(mean);
            graph.addOutput(valueInfo(first.getGraph().getOutputList(), output, "output"));
        }
        byte[] bytes = first.toBuilder().setGraph(graph).build().toByteArray();
        return new ExportedModel(bytes, inputName, inputShape, outputs);
    }

    private static OnnxMl.ModelProto parse(byte[] bytes, int member) {
        try {
            return OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("member " + member + " is not an ONNX model: " + e.getMessage(), e);
        }
    }

    private static OnnxMl.ValueInfoProto valueInfo(List<OnnxMl.ValueInfoProto> values, String name, String kind) {
        List<String> names = new ArrayList<>();
        for (OnnxMl.ValueInfoProto value : values) {
            if (value.getName().equals(name)) {
                return value;
            }
            names.add(value.getName());
        }
        throw new IllegalArgumentException("the first member has no " + kind + " named '" + name + "', only "
                + names);
    }
}
