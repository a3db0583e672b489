package io.streetdigits.trainer.network.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The building blocks the classic architectures are written in. Each method adds its layers to the graph under the
 * given name and returns the name of the vertex holding the result, so a network reads as a chain of calls.
 * Convolutions and pooling pad SAME unless said otherwise.
 */
public final class GraphBlocks {

    private final GraphBuilder graph;

    GraphBlocks(GraphBuilder graph) {
        this.graph = graph;
    }

    /** Convolution with bias and ReLU, as the papers before batch normalisation wrote it. */
    public String convRelu(String name, String input, int kernel, int stride, int channels) {
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(channels)
                .activation(Activation.RELU).build(), input);
        return name;
    }

    /** Convolution, batch normalisation, ReLU; the convolution has no bias (the normalisation shifts). */
    public String convBnRelu(String name, String input, int kernel, int stride, int channels) {
        String norm = convBn(name, input, kernel, stride, channels);
        return relu(name + "/relu", norm);
    }

    /** Convolution and batch normalisation without activation: a residual branch's last step or a projection. */
    public String convBn(String name, String input, int kernel, int stride, int channels) {
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(channels)
                        .hasBias(false).activation(Activation.IDENTITY).build(), input)
                .addLayer(name + "/bn", new BatchNormalization.Builder().build(), name);
        return name + "/bn";
    }

    /** Convolution without padding ("valid"), as LeNet-5 has it. */
    public String convValid(String name, String input, int kernel, int channels, Activation activation) {
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).nOut(channels)
                .convolutionMode(ConvolutionMode.Truncate).activation(activation).build(), input);
        return name;
    }

    public String relu(String name, String input) {
        graph.addLayer(name, new ActivationLayer(Activation.RELU), input);
        return name;
    }

    public String maxPool(String name, String input, int kernel, int stride) {
        return pool(name, input, PoolingType.MAX, kernel, stride);
    }

    public String averagePool(String name, String input, int kernel, int stride) {
        return pool(name, input, PoolingType.AVG, kernel, stride);
    }

    private String pool(String name, String input, PoolingType type, int kernel, int stride) {
        graph.addLayer(name, new SubsamplingLayer.Builder(type).kernelSize(kernel, kernel).stride(stride, stride)
                .build(), input);
        return name;
    }

    public String globalAveragePool(String name, String input) {
        graph.addLayer(name, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), input);
        return name;
    }

    /** AlexNet's local response normalisation across channels, with the paper's constants. */
    public String localResponseNorm(String name, String input) {
        graph.addLayer(name, new LocalResponseNormalization.Builder(2, 5, 1e-4, 0.75).build(), input);
        return name;
    }

    public String dense(String name, String input, int units, Activation activation) {
        graph.addLayer(name, new DenseLayer.Builder().nOut(units).activation(activation).build(), input);
        return name;
    }

    /** @param dropProbability the probability of dropping a unit while training */
    public String dropout(String name, String input, double dropProbability) {
        // DL4J's dropout argument is the probability of keeping a unit.
        graph.addLayer(name, new DropoutLayer.Builder(1.0 - dropProbability).build(), input);
        return name;
    }

    /** Joins feature maps along the channels. */
    public String concat(String name, String... inputs) {
        graph.addVertex(name, new MergeVertex(), inputs);
        return name;
    }

    public String add(String name, String first, String second) {
        graph.addVertex(name, new ElementWiseVertex(ElementWiseVertex.Op.Add), first, second);
        return name;
    }
}
