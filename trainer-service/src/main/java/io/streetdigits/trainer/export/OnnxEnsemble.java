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
        requireSeveral(members);
        OnnxMl.ModelProto first = parse(members.get(0), 0);
        OnnxMl.GraphProto.Builder graph = joined(members, inputName, graphName);
        for (String output : outputs) {
            mean(graph, members.size(), output);
            graph.addOutput(valueInfo(first.getGraph().getOutputList(), output, "output"));
        }
        return new ExportedModel(asModel(members, graph), inputName, inputShape, outputs);
    }

    /** One graph holding every member's nodes and weights under its prefix, all reading the shared input. */
    private static OnnxMl.GraphProto.Builder joined(List<byte[]> members, String inputName, String graphName) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName(graphName);
        graph.addInput(valueInfo(parse(members.get(0), 0).getGraph().getInputList(), inputName, "input"));
        for (int m = 0; m < members.size(); m++) {
            String prefix = prefix(m);
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
        return graph;
    }

    /** A node averaging every member's {@code output} into {@code output}. */
    private static void mean(OnnxMl.GraphProto.Builder graph, int members, String output) {
        OnnxMl.NodeProto.Builder mean = OnnxMl.NodeProto.newBuilder().setName("mean/" + output)
                .setOpType("Mean").addOutput(output);
        for (int m = 0; m < members; m++) {
            mean.addInput(prefix(m) + output);
        }
        graph.addNode(mean);
    }

    /** The graph in a model that says what the first member's says of itself (IR version, opset, producer). */
    private static byte[] asModel(List<byte[]> members, OnnxMl.GraphProto.Builder graph) {
        return parse(members.get(0), 0).toBuilder().setGraph(graph).build().toByteArray();
    }

    private static String prefix(int member) {
        return "member" + member + "/";
    }

    private static void requireSeveral(List<byte[]> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members, got " + members.size());
        }
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
