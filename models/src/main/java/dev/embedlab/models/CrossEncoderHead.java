package dev.embedlab.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;

/**
 * The classification head of an {@link OnnxCrossEncoder}: validates the graph's {@code logits}
 * output and resolves the number of labels, the scoring column and the activation from the graph,
 * the folder's configuration and the builder, with errors naming the model and what disagrees.
 * Package-private.
 *
 * @param tokenTypeIds whether the graph takes {@code token_type_ids}
 * @param numLabels labels of the head ({@code logits}' second dimension)
 * @param labelIndex the column used as the score
 * @param sigmoid whether the sigmoid is applied to the logit
 */
record CrossEncoderHead(boolean tokenTypeIds, int numLabels, int labelIndex, boolean sigmoid) {

  static CrossEncoderHead resolve(OrtSession s, OnnxCrossEncoder.Builder b) {
    OrtSupport.Io io = OrtSupport.checkInputs(s, b.modelPath);
    NodeInfo logits = io.outputs().get(OnnxCrossEncoder.LOGITS_OUTPUT);
    if (logits == null) {
      throw new IllegalArgumentException("model " + b.modelPath + ": expected output '" + OnnxCrossEncoder.LOGITS_OUTPUT
          + "' (FLOAT [batch, num_labels]) of a sequence-classification (cross-encoder) export; found outputs "
          + io.outputs().keySet() + (io.outputs().containsKey(OnnxEmbedder.HIDDEN_STATE_OUTPUT)
              ? " (an embedding model? use OnnxEmbedder)" : ""));
    }
    TensorInfo ti = OrtSupport.checkTensor(b.modelPath, "output", OnnxCrossEncoder.LOGITS_OUTPUT, logits.getInfo(),
        OnnxJavaType.FLOAT, 2);
    long graphLabels = ti.getShape()[1];
    int labels = labels(b, graphLabels > 0 ? (int) graphLabels : 0);
    return new CrossEncoderHead(io.tokenTypeIds(), labels, labelIndex(b, labels), sigmoid(b, labels));
  }

  private static int labels(OnnxCrossEncoder.Builder b, int graphLabels) {
    String out = OnnxCrossEncoder.LOGITS_OUTPUT;
    if (b.numLabels > 0 && graphLabels > 0 && b.numLabels != graphLabels) {
      throw new IllegalArgumentException("model " + b.modelPath + ": numLabels(" + b.numLabels
          + ") was set, but " + out + " has " + graphLabels + " labels");
    }
    if (b.configLabels > 0 && graphLabels > 0 && b.configLabels != graphLabels) {
      throw new IllegalArgumentException("model " + b.modelPath + ": config.json declares " + b.configLabels
          + " labels, but " + out + " has " + graphLabels + "; is the graph an export of another model?");
    }
    int n = graphLabels > 0 ? graphLabels : b.numLabels > 0 ? b.numLabels : b.configLabels;
    if (n <= 0) {
      throw new IllegalArgumentException("model " + b.modelPath + ": the number of labels of " + out
          + " is dynamic and no config.json gives num_labels; set the builder's numLabels");
    }
    return n;
  }

  private static int labelIndex(OnnxCrossEncoder.Builder b, int numLabels) {
    if (b.labelIndex >= 0) {
      if (b.labelIndex >= numLabels) {
        throw new IllegalArgumentException("labelIndex must be < numLabels (" + numLabels + ") of model "
            + b.modelPath + "; labelIndex=" + b.labelIndex);
      }
      return b.labelIndex;
    }
    if (numLabels > 1) {
      throw new IllegalArgumentException("model " + b.modelPath + " has " + numLabels + " labels (a classifier,"
          + " e.g. NLI); set the builder's labelIndex to the column that scores relevance");
    }
    return 0;
  }

  private static boolean sigmoid(OnnxCrossEncoder.Builder b, int numLabels) {
    if (b.sigmoid != null) {
      return b.sigmoid;
    }
    if (b.configActivation != null) {
      return switch (b.configActivation) {
        case CrossEncoderConfig.SIGMOID -> true;
        case CrossEncoderConfig.IDENTITY -> false;
        default -> throw new IllegalArgumentException(b.configActivationSource + ": the model asks for activation "
            + b.configActivation + ", which embedlab does not implement (it applies "
            + CrossEncoderConfig.SIGMOID + " or " + CrossEncoderConfig.IDENTITY
            + "); set the builder's sigmoid(true|false) to choose explicitly");
      };
    }
    return numLabels == 1; // sentence-transformers: Sigmoid for one label, Identity otherwise
  }

}
