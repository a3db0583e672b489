package io.streetdigits.trainer.export;

import static io.streetdigits.trainer.export.OnnxGraphWriter.decimal;
import static io.streetdigits.trainer.export.OnnxGraphWriter.integer;
import static io.streetdigits.trainer.export.OnnxGraphWriter.ints;
import static io.streetdigits.trainer.export.OnnxGraphWriter.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.OnnxMl;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Exports a trained DL4J {@link ComputationGraph} to ONNX. No DL4J release can do this, so the translation of each
 * layer lives here, following the layout facts checked against ONNX Runtime (../shared/STACK.md): conv weights are
 * OIHW in both; dense weights are [nIn, nOut] (Gemm without transposition); DL4J's CNN-to-dense flattening of NCHW
 * equals ONNX Flatten(axis=1); batch norm may store log10(stdev); ConvolutionMode.Same is SAME_UPPER padding.
 *
 * <p>Every vertex's final value carries the vertex's own name, so the ONNX outputs are named like the network's.
 * Anything the exporter cannot translate exactly is refused with {@link UnsupportedLayerException}; nothing is
 * approximated. Inference-only behaviour is exported: dropout is the identity, batch norm uses running statistics.
 */
public final class OnnxExporter {

    private static final String PRODUCER = "streetdigits-trainer";

    private OnnxExporter() {
    }

    /**
     * @param network    a trained graph with one image input
     * @param inputShape channels, height and width of the input (DL4J does not keep input types after building)
     */
    public static ExportedModel export(ComputationGraph network, List<Long> inputShape, String modelName,
            String docString) {
        ComputationGraphConfiguration conf = network.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            throw new UnsupportedLayerException(String.join(",", conf.getNetworkInputs()),
                    "exactly one image input is supported");
        }
        if (inputShape.size() != 3) {
            throw new IllegalArgumentException("input shape must be channels, height, width; was " + inputShape);
        }
        String input = conf.getNetworkInputs().get(0);
        OnnxGraphWriter writer = new OnnxGraphWriter(modelName);
        writer.input(input, inputShape.get(0), inputShape.get(1), inputShape.get(2));

        Translation translation = new Translation(network, writer, conf.getLayerActivationTypes(
                InputType.convolutional(inputShape.get(1), inputShape.get(2), inputShape.get(0))));
        org.deeplearning4j.nn.graph.vertex.GraphVertex[] vertices = network.getVertices();
        for (int index : network.topologicalSortOrder()) {
            String vertex = vertices[index].getVertexName();
            if (!conf.getNetworkInputs().contains(vertex)) {
                translation.vertex(vertex, conf.getVertices().get(vertex), conf.getVertexInputs().get(vertex));
            }
        }
        List<String> outputs = conf.getNetworkOutputs();
        for (String output : outputs) {
            writer.output(output, translation.outputDims(output));
        }
        String version = OnnxExporter.class.getPackage().getImplementationVersion();
        byte[] bytes = writer.toModelBytes(PRODUCER, version == null ? "dev" : version, docString);
        return new ExportedModel(bytes, input, inputShape, outputs);
    }

    /** The state of one export: which ONNX value holds each vertex's output. */
    private static final class Translation {
        private final ComputationGraph network;
        private final OnnxGraphWriter writer;
        private final Map<String, String> flattened = new HashMap<>();
        private final Map<String, long[]> outputDims = new HashMap<>();
        private final Map<String, InputType> activations;

        /** @param activations every vertex's output type for the exported input */
        Translation(ComputationGraph network, OnnxGraphWriter writer, Map<String, InputType> activations) {
            this.network = network;
            this.writer = writer;
            this.activations = activations;
        }

        /** An output's dimensions after the batch: a dense layer's width, or a per-cell loss layer's map. */
        long[] outputDims(String output) {
            long[] dims = outputDims.get(output);
            if (dims == null) {
                throw new UnsupportedLayerException(output,
                        "network outputs must be dense, output or per-cell loss layers");
            }
            return dims;
        }

        void vertex(String name, GraphVertex vertex, List<String> inputs) {
            if (vertex instanceof LayerVertex layerVertex) {
                if (inputs.size() != 1) {
                    throw new UnsupportedLayerException(name, "a layer must have exactly one input");
                }
                String input = preprocess(name, layerVertex.getPreProcessor(), inputs.get(0));
                layer(name, layerVertex.getLayerConf().getLayer(), input);
            } else if (vertex instanceof MergeVertex merge) {
                writer.node("Concat", inputs, name, integer("axis", merge.getMergeAxis()));
            } else if (vertex instanceof ElementWiseVertex elementWise) {
                elementWise(name, elementWise.getOp(), inputs);
            } else {
                throw new UnsupportedLayerException(name, "vertex type " + vertex.getClass().getSimpleName()
                        + " is not supported");
            }
        }

        private String preprocess(String name, InputPreProcessor preprocessor, String input) {
            if (preprocessor == null) {
                return input;
            }
            if (preprocessor instanceof CnnToFeedForwardPreProcessor) {
                // Several heads may read one feature map: flatten it once.
                return flattened.computeIfAbsent(input, in -> {
                    String flat = in + "/flatten";
                    writer.node("Flatten", List.of(in), flat, integer("axis", 1));
                    return flat;
                });
            }
            throw new UnsupportedLayerException(name, "input preprocessor "
                    + preprocessor.getClass().getSimpleName() + " is not supported");
        }

        private void layer(String name, org.deeplearning4j.nn.conf.layers.Layer layer, String input) {
            NodeChain chain = new NodeChain(name, input);
            Class<?> type = layer.getClass();
            if (type == ConvolutionLayer.class) {
                convolution(name, (ConvolutionLayer) layer, chain);
            } else if (layer instanceof BatchNormalization norm) {
                batchNormalization(name, norm, chain);
            } else if (type == SubsamplingLayer.class) {
                pooling(name, (SubsamplingLayer) layer, chain);
            } else if (type == DenseLayer.class || type == OutputLayer.class) {
                dense(name, (FeedForwardLayer) layer, chain);
                outputDims.put(name, new long[] {((FeedForwardLayer) layer).getNOut()});
            } else if (layer instanceof ActivationLayer activation) {
                activation(name, activation.getActivationFn(), chain);
            } else if (layer instanceof DropoutLayer) {
                // Dropout is the identity at inference.
            } else if (layer instanceof LocalResponseNormalization lrn) {
                localResponseNormalization(lrn, chain);
            } else if (layer instanceof GlobalPoolingLayer global) {
                globalPooling(name, global, chain);
            } else if (layer instanceof Upsampling2D upsampling) {
                // DL4J repeats each value: nearest-neighbour resizing by whole factors.
                int[] size = upsampling.getSize();
                String scales = name + "/scales";
                writer.initializer(scales, new long[] {4}, new float[] {1, 1, size[0], size[1]});
                chain.then("Resize", List.of("", scales), text("mode", "nearest"),
                        text("coordinate_transformation_mode", "asymmetric"), text("nearest_mode", "floor"));
            } else if (layer instanceof CnnLossLayer loss) {
                // At inference a per-cell loss layer only applies its activation.
                activation(name, loss.getActivationFn(), chain);
                InputType.InputTypeConvolutional map = (InputType.InputTypeConvolutional) activations.get(name);
                outputDims.put(name, new long[] {map.getChannels(), map.getHeight(), map.getWidth()});
            } else {
                throw new UnsupportedLayerException(name, "layer type " + type.getSimpleName() + " is not supported");
            }
            chain.emit(writer);
        }

        private void convolution(String name, ConvolutionLayer conv, NodeChain chain) {
            List<OnnxMl.AttributeProto> attributes = new ArrayList<>(List.of(
                    ints("kernel_shape", longs(conv.getKernelSize())),
                    ints("strides", longs(conv.getStride())),
                    ints("dilations", longs(conv.getDilation()))));
            attributes.add(dilatedSame(conv) ? explicitSamePadding(name, conv)
                    : padding(name, conv.getConvolutionMode(), conv.getPadding()));
            List<String> weights = new ArrayList<>();
            weights.add(initializer(name, DefaultParamInitializer.WEIGHT_KEY, param(name,
                    DefaultParamInitializer.WEIGHT_KEY)));
            if (conv.hasBias()) {
                weights.add(vector(name, DefaultParamInitializer.BIAS_KEY, param(name, DefaultParamInitializer.BIAS_KEY)));
            }
            chain.then("Conv", weights, attributes.toArray(OnnxMl.AttributeProto[]::new));
            activation(name, conv.getActivationFn(), chain);
        }

        private void batchNormalization(String name, BatchNormalization norm, NodeChain chain) {
            INDArray mean = param(name, BatchNormalizationParamInitializer.GLOBAL_MEAN);
            INDArray variance;
            if (norm.isUseLogStd()) {
                // DL4J keeps log10 of the standard deviation and, at inference, divides by sqrt(std^2 + eps): eps
                // counts once more. ONNX divides by sqrt(var + eps), so var = std^2 reproduces it (measured: VGG-11
                // after training agreed within 5e-5 with var = std^2 - eps, within 1e-6 with std^2).
                INDArray logStd = param(name, BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
                variance = tenToThe(logStd.castTo(DataType.DOUBLE).mul(2.0));
            } else {
                variance = param(name, BatchNormalizationParamInitializer.GLOBAL_VAR);
            }
            long channels = mean.length();
            INDArray gamma;
            INDArray beta;
            if (norm.isLockGammaBeta()) {
                gamma = mean.ulike().castTo(DataType.FLOAT).assign(norm.getGamma());
                beta = mean.ulike().castTo(DataType.FLOAT).assign(norm.getBeta());
            } else {
                gamma = param(name, BatchNormalizationParamInitializer.GAMMA);
                beta = param(name, BatchNormalizationParamInitializer.BETA);
            }
            chain.then("BatchNormalization", List.of(
                            vector(name, "gamma", gamma, channels), vector(name, "beta", beta, channels),
                            vector(name, "mean", mean, channels), vector(name, "var", variance, channels)),
                    decimal("epsilon", norm.getEps()));
            // DL4J's batch-norm layer never applies its configured activation (activate() returns preOutput()),
            // so neither does the export; networks put an ActivationLayer after it.
        }

        private void pooling(String name, SubsamplingLayer pool, NodeChain chain) {
            List<OnnxMl.AttributeProto> attributes = new ArrayList<>(List.of(
                    ints("kernel_shape", longs(pool.getKernelSize())),
                    ints("strides", longs(pool.getStride())),
                    padding(name, pool.getConvolutionMode(), pool.getPadding())));
            boolean dilated = Arrays.stream(pool.getDilation()).anyMatch(d -> d != 1);
            if (pool.getPoolingType() == PoolingType.MAX) {
                if (dilated) {
                    attributes.add(ints("dilations", longs(pool.getDilation())));
                }
                chain.then("MaxPool", List.of(), attributes.toArray(OnnxMl.AttributeProto[]::new));
            } else if (pool.getPoolingType() == PoolingType.AVG && !dilated) {
                attributes.add(integer("count_include_pad", pool.isAvgPoolIncludePadInDivisor() ? 1 : 0));
                chain.then("AveragePool", List.of(), attributes.toArray(OnnxMl.AttributeProto[]::new));
            } else {
                throw new UnsupportedLayerException(name, pool.getPoolingType() + " pooling"
                        + (dilated ? " with dilation" : "") + " is not supported");
            }
        }

        private void dense(String name, FeedForwardLayer layer, NodeChain chain) {
            List<String> weights = new ArrayList<>();
            weights.add(initializer(name, DefaultParamInitializer.WEIGHT_KEY,
                    param(name, DefaultParamInitializer.WEIGHT_KEY)));
            boolean hasBias = layer instanceof DenseLayer dense ? dense.hasBias()
                    : ((BaseOutputLayer) layer).hasBias();
            if (hasBias) {
                weights.add(vector(name, DefaultParamInitializer.BIAS_KEY, param(name, DefaultParamInitializer.BIAS_KEY)));
            }
            chain.then("Gemm", weights);
            activation(name, layer.getActivationFn(), chain);
        }

        private void localResponseNormalization(LocalResponseNormalization lrn, NodeChain chain) {
            chain.then("LRN", List.of(),
                    decimal("alpha", lrn.getAlpha() * lrn.getN()),
                    decimal("beta", lrn.getBeta()),
                    decimal("bias", lrn.getK()),
                    integer("size", (long) lrn.getN()));
        }

        private void globalPooling(String name, GlobalPoolingLayer global, NodeChain chain) {
            int[] dimensions = global.getPoolingDimensions();
            if (dimensions != null && !Arrays.equals(dimensions, new int[] {2, 3})) {
                throw new UnsupportedLayerException(name, "global pooling over dimensions "
                        + Arrays.toString(dimensions) + " is not supported (only spatial, 2 and 3)");
            }
            if (global.getPoolingType() == PoolingType.AVG) {
                chain.then("GlobalAveragePool", List.of());
            } else if (global.getPoolingType() == PoolingType.MAX) {
                chain.then("GlobalMaxPool", List.of());
            } else {
                throw new UnsupportedLayerException(name, "global " + global.getPoolingType()
                        + " pooling is not supported");
            }
            if (global.isCollapseDimensions()) {
                chain.then("Flatten", List.of(), integer("axis", 1));
            }
        }

        private void activation(String name, IActivation activation, NodeChain chain) {
            if (activation == null || activation instanceof ActivationIdentity) {
                return;
            }
            if (activation instanceof ActivationReLU relu) {
                if (isSet(relu.getMax()) || isSet(relu.getThreshold()) || isSet(relu.getNegativeSlope())) {
                    throw new UnsupportedLayerException(name, "ReLU with max, threshold or negative slope");
                }
                chain.then("Relu", List.of());
            } else if (activation instanceof ActivationSoftmax) {
                chain.then("Softmax", List.of(), integer("axis", 1));
            } else if (activation instanceof ActivationSigmoid) {
                chain.then("Sigmoid", List.of());
            } else if (activation instanceof ActivationTanH) {
                chain.then("Tanh", List.of());
            } else if (activation instanceof ActivationLReLU leaky) {
                chain.then("LeakyRelu", List.of(), decimal("alpha", leaky.getAlpha()));
            } else if (activation instanceof ActivationELU elu) {
                chain.then("Elu", List.of(), decimal("alpha", elu.getAlpha()));
            } else {
                throw new UnsupportedLayerException(name, "activation " + activation + " is not supported");
            }
        }

        private void elementWise(String name, ElementWiseVertex.Op op, List<String> inputs) {
            switch (op) {
                case Add -> writer.node("Sum", inputs, name);
                case Average -> writer.node("Mean", inputs, name);
                case Max -> writer.node("Max", inputs, name);
                case Subtract -> {
                    if (inputs.size() != 2) {
                        throw new UnsupportedLayerException(name, "subtraction needs exactly two inputs");
                    }
                    writer.node("Sub", inputs, name);
                }
                case Product -> {
                    String product = inputs.get(0);
                    for (int i = 1; i < inputs.size(); i++) {
                        String out = i == inputs.size() - 1 ? name : name + "/mul" + i;
                        writer.node("Mul", List.of(product, inputs.get(i)), out);
                        product = out;
                    }
                }
                default -> throw new UnsupportedLayerException(name, "element-wise " + op + " is not supported");
            }
        }

        private static boolean dilatedSame(ConvolutionLayer conv) {
            return conv.getConvolutionMode() == ConvolutionMode.Same
                    && Arrays.stream(conv.getDilation()).anyMatch(d -> d != 1);
        }

        /**
         * ONNX Runtime refuses SAME auto-padding with dilation, so a dilated SAME convolution gets its padding
         * written out: at stride 1 the dilated kernel's reach minus one, split evenly (odd reaches only, where
         * SAME_UPPER is symmetric too).
         */
        private OnnxMl.AttributeProto explicitSamePadding(String name, ConvolutionLayer conv) {
            int[] kernel = conv.getKernelSize();
            int[] dilation = conv.getDilation();
            long[] pads = new long[4];
            for (int axis = 0; axis < 2; axis++) {
                int reach = (kernel[axis] - 1) * dilation[axis] + 1;
                if (conv.getStride()[axis] != 1 || reach % 2 == 0) {
                    throw new UnsupportedLayerException(name, "dilated SAME convolution needs stride 1 and an odd "
                            + "kernel, was stride " + Arrays.toString(conv.getStride()) + ", kernel "
                            + Arrays.toString(kernel));
                }
                pads[axis] = (reach - 1) / 2;
                pads[axis + 2] = (reach - 1) / 2;
            }
            return ints("pads", pads);
        }

        private OnnxMl.AttributeProto padding(String name, ConvolutionMode mode, int[] padding) {
            if (mode == ConvolutionMode.Same) {
                return text("auto_pad", "SAME_UPPER");
            }
            if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
                return ints("pads", padding[0], padding[1], padding[0], padding[1]);
            }
            throw new UnsupportedLayerException(name, "convolution mode " + mode + " is not supported");
        }

        private INDArray param(String vertex, String key) {
            Layer layer = network.getLayer(vertex);
            INDArray value = layer == null ? null : layer.getParam(key);
            if (value == null) {
                throw new UnsupportedLayerException(vertex, "parameter '" + key + "' is missing");
            }
            return value;
        }

        private String initializer(String vertex, String key, INDArray value) {
            String name = vertex + "." + key;
            writer.initializer(name, value.shape(), floats(value));
            return name;
        }

        private String vector(String vertex, String key, INDArray value) {
            return vector(vertex, key, value, value.length());
        }

        private String vector(String vertex, String key, INDArray value, long length) {
            if (value.length() != length) {
                throw new UnsupportedLayerException(vertex, "parameter '" + key + "' has " + value.length()
                        + " values, expected " + length);
            }
            String name = vertex + "." + key;
            writer.initializer(name, new long[] {length}, floats(value));
            return name;
        }

        private static float[] floats(INDArray value) {
            return value.castTo(DataType.FLOAT).dup('c').data().asFloat();
        }

        private static INDArray tenToThe(INDArray exponent) {
            return Transforms.exp(exponent.mul(Math.log(10.0)), false);
        }

        private static boolean isSet(Double value) {
            return value != null && value != 0.0 && !value.isInfinite();
        }

        private static long[] longs(int[] values) {
            return Arrays.stream(values).asLongStream().toArray();
        }
    }

    /**
     * The ONNX nodes one vertex becomes, e.g. Conv then Relu: intermediate values get derived names and the last
     * one the vertex's own name. A vertex with no nodes (dropout) becomes an Identity.
     */
    private static final class NodeChain {
        private record Step(String op, List<String> extraInputs, OnnxMl.AttributeProto[] attributes) {
        }

        private final String vertex;
        private final String input;
        private final List<Step> steps = new ArrayList<>();

        NodeChain(String vertex, String input) {
            this.vertex = vertex;
            this.input = input;
        }

        void then(String op, List<String> extraInputs, OnnxMl.AttributeProto... attributes) {
            steps.add(new Step(op, extraInputs, attributes));
        }

        void emit(OnnxGraphWriter writer) {
            if (steps.isEmpty()) {
                writer.node("Identity", List.of(input), vertex);
                return;
            }
            String current = input;
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                String output = i == steps.size() - 1 ? vertex : vertex + "/" + step.op().toLowerCase() + i;
                List<String> inputs = new ArrayList<>();
                inputs.add(current);
                inputs.addAll(step.extraInputs());
                writer.node(step.op(), inputs, output, step.attributes());
                current = output;
            }
        }
    }
}
