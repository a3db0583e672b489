package io.streetdigits.trainer.export;

import static io.streetdigits.trainer.export.OnnxGraphWriter.integer;
import static io.streetdigits.trainer.export.OnnxGraphWriter.ints;

import io.streetdigits.trainer.network.HeatmapBox;
import java.util.List;
import onnx.OnnxMl;

/**
 * The ONNX nodes that draw {@link HeatmapBox}'s box from a heat map ({@code [batch, 1, height, width]}) into the
 * output {@link HeatmapBox#OUTPUT} ({@code [batch, 4]}), beside the map's peak ({@link HeatmapBox#PEAK},
 * {@code [batch, 1]}): the same arithmetic as {@link HeatmapBox#outputs}, step by step, at opset 13.
 */
final class HeatmapBoxNodes {

    private static final String PREFIX = "heatmap_box/";
    private static final long FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;

    private final OnnxGraphWriter writer;

    HeatmapBoxNodes(OnnxGraphWriter writer) {
        this.writer = writer;
    }

    /** Whether a node's output or a weight is part of the box drawn from the map (what these nodes write). */
    static boolean drawnFromMap(String name) {
        return name.startsWith(PREFIX) || HeatmapBox.OUTPUTS.contains(name);
    }

    /** Writes the nodes and declares the graph's outputs; returns their names, {@link HeatmapBox#OUTPUTS}. */
    List<String> write(String heatmap, long height, long width) {
        constant("floor", HeatmapBox.FLOOR);
        constant("scale", 1 / (1 - HeatmapBox.FLOOR));
        constant("half", 0.5f);
        constant("zero", 0f);
        constant("one", 1f);
        writer.int64Initializer(PREFIX + "axis1", new long[] {1}, new long[] {1});
        String patch = patch(heatmap, height, width);
        writer.node("ReduceMax", List.of(patch), PREFIX + "columns", ints("axes", 1, 2), integer("keepdims", 0));
        writer.node("ReduceMax", List.of(patch), PREFIX + "rows", ints("axes", 1, 3), integer("keepdims", 0));
        writer.node("ReduceMax", List.of(PREFIX + "columns"), PREFIX + "peak", ints("axes", 1),
                integer("keepdims", 1));
        String[] across = extent("columns", width);
        String[] down = extent("rows", height);
        writer.node("Concat", List.of(across[0], down[0], across[1], down[1]), PREFIX + "unclipped",
                integer("axis", 1));
        writer.node("Clip", List.of(PREFIX + "unclipped", PREFIX + "zero", PREFIX + "one"), HeatmapBox.OUTPUT);
        writer.node("Flatten", List.of(PREFIX + "patch/peak"), HeatmapBox.PEAK, integer("axis", 1));
        writer.output(HeatmapBox.OUTPUT, 4);
        writer.output(HeatmapBox.PEAK, 1);
        return HeatmapBox.OUTPUTS;
    }

    /**
     * The map with every cell outside the patch around its peak set to 0: the patch starts at the peak and grows
     * {@link HeatmapBox#growthSteps} times by a 3x3 max pool, kept to the cells above the floor.
     */
    private String patch(String heatmap, long height, long width) {
        String p = PREFIX + "patch";
        writer.node("ReduceMax", List.of(heatmap), p + "/peak", ints("axes", 1, 2, 3), integer("keepdims", 1));
        writer.node("Div", List.of(heatmap, p + "/peak"), p + "/relative");
        writer.node("Greater", List.of(p + "/relative", PREFIX + "floor"), p + "/is_above");
        writer.node("Cast", List.of(p + "/is_above"), p + "/above", integer("to", FLOAT));
        writer.node("Equal", List.of(heatmap, p + "/peak"), p + "/is_peak");
        String grown = p + "/step0";
        writer.node("Cast", List.of(p + "/is_peak"), grown, integer("to", FLOAT));
        for (int step = 1; step <= HeatmapBox.growthSteps(height, width); step++) {
            String pooled = p + "/pooled" + step;
            writer.node("MaxPool", List.of(grown), pooled, ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1),
                    ints("strides", 1, 1));
            grown = p + "/step" + step;
            writer.node("Mul", List.of(pooled, p + "/above"), grown);
        }
        writer.node("Mul", List.of(heatmap, grown), p + "/map");
        return p + "/map";
    }

    /** Start and end ({@code [batch, 1]} each) of the counted cells of one profile, as fractions of its length. */
    private String[] extent(String profile, long length) {
        String p = PREFIX + profile;
        float[] centres = new float[(int) length];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = i + 0.5f;
        }
        writer.initializer(p + "/centres", new long[] {length}, centres);
        constant(profile + "/length", length);
        writer.node("Div", List.of(p, PREFIX + "peak"), p + "/relative");
        writer.node("Sub", List.of(p + "/relative", PREFIX + "floor"), p + "/above");
        writer.node("Relu", List.of(p + "/above"), p + "/counted");
        writer.node("Mul", List.of(p + "/counted", PREFIX + "scale"), p + "/weight");
        writer.node("ReduceSum", List.of(p + "/weight", PREFIX + "axis1"), p + "/sum", integer("keepdims", 1));
        writer.node("Mul", List.of(p + "/weight", p + "/centres"), p + "/weighted");
        writer.node("ReduceSum", List.of(p + "/weighted", PREFIX + "axis1"), p + "/moment", integer("keepdims", 1));
        writer.node("Div", List.of(p + "/moment", p + "/sum"), p + "/centre");
        writer.node("Mul", List.of(p + "/sum", PREFIX + "half"), p + "/half");
        writer.node("Sub", List.of(p + "/centre", p + "/half"), p + "/start_cells");
        writer.node("Add", List.of(p + "/centre", p + "/half"), p + "/end_cells");
        writer.node("Div", List.of(p + "/start_cells", p + "/length"), p + "/start");
        writer.node("Div", List.of(p + "/end_cells", p + "/length"), p + "/end");
        return new String[] {p + "/start", p + "/end"};
    }

    private void constant(String name, float value) {
        writer.initializer(PREFIX + name, new long[] {}, new float[] {value});
    }
}
