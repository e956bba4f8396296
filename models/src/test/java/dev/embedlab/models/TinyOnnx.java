package dev.embedlab.models;

import dev.embedlab.models.OnnxGraph.Msg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny hand-made ONNX graphs (protobuf written with {@link OnnxGraph.Msg}, no onnx library needed) for tests:
 * {@code out = Cast<float>(Unsqueeze(input_ids, axes=[2]))}, i.e. a "model" whose hidden state at
 * token t is the single number {@code input_ids[t]}, so pooled vectors can be computed by hand.
 */
final class TinyOnnx {
  private TinyOnnx() {}

  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  /** Graph inputs as named; output named {@code outputName} of shape [b, s, 1]. */
  static Path write(Path file, String outputName, boolean withTokenTypeIds) throws IOException {
    Msg graph = new Msg()
        .msg(1, new Msg().str(1, "input_ids").str(2, "u").str(3, "unsq").str(4, "Unsqueeze")
            .msg(5, new Msg().str(1, "axes").varint(8, 2).varint(20, 7)))
        .msg(1, new Msg().str(1, "u").str(2, outputName).str(3, "cast").str(4, "Cast")
            .msg(5, new Msg().str(1, "to").varint(3, FLOAT).varint(20, 2)))
        .str(2, "tiny")
        .msg(11, valueInfo("input_ids", INT64, "batch", "seq"))
        .msg(11, valueInfo("attention_mask", INT64, "batch", "seq"));
    if (withTokenTypeIds) {
      graph.msg(11, valueInfo("token_type_ids", INT64, "batch", "seq"));
    }
    graph.msg(12, valueInfo(outputName, FLOAT, "batch", "seq", null));
    Msg model = new Msg().varint(1, 7).str(2, "embedlab-test").msg(7, graph)
        .msg(8, new Msg().str(1, "").varint(2, 11));
    Files.write(file, model.bytes());
    return file;
  }

  /**
   * A graph that pools itself, as sentence-transformers exports with the Pooling module do:
   * output {@code sentence_embedding} [b, 1] = {@code ReduceMax} over the tokens of
   * {@code Cast<float>(Unsqueeze(input_ids, axes=[2]))}, i.e. the largest token id of each row
   * (padding is id 0, so it never wins).
   */
  static Path writePooled(Path file) throws IOException {
    Msg graph = new Msg()
        .msg(1, new Msg().str(1, "input_ids").str(2, "u").str(3, "unsq").str(4, "Unsqueeze")
            .msg(5, new Msg().str(1, "axes").varint(8, 2).varint(20, 7)))
        .msg(1, new Msg().str(1, "u").str(2, "h").str(3, "cast").str(4, "Cast")
            .msg(5, new Msg().str(1, "to").varint(3, FLOAT).varint(20, 2)))
        .msg(1, new Msg().str(1, "h").str(2, "sentence_embedding").str(3, "pool").str(4, "ReduceMax")
            .msg(5, new Msg().str(1, "axes").varint(8, 1).varint(20, 7))
            .msg(5, new Msg().str(1, "keepdims").varint(3, 0).varint(20, 2)))
        .str(2, "tiny-pooled")
        .msg(11, valueInfo("input_ids", INT64, "batch", "seq"))
        .msg(11, valueInfo("attention_mask", INT64, "batch", "seq"))
        .msg(11, valueInfo("token_type_ids", INT64, "batch", "seq"))
        .msg(12, valueInfo("sentence_embedding", FLOAT, "batch", null));
    Msg model = new Msg().varint(1, 7).str(2, "embedlab-test").msg(7, graph)
        .msg(8, new Msg().str(1, "").varint(2, 11));
    Files.write(file, model.bytes());
    return file;
  }

  /** A tensor value info; a {@code null} dim name means the fixed size 1. */
  private static Msg valueInfo(String name, int elemType, String... dims) {
    Msg shape = new Msg();
    for (String d : dims) {
      shape.msg(1, d == null ? new Msg().varint(1, 1) : new Msg().str(2, d));
    }
    Msg tensor = new Msg().varint(1, elemType).msg(2, shape);
    return new Msg().str(1, name).msg(2, new Msg().msg(1, tensor));
  }
}
