package dev.embedlab.compress;

/**
 * What a codec name such as {@code "pq16"} means: a recipe that makes the codec for vectors of a
 * given dimension. Found by name through {@link Codecs#named(String)}; a factory is immutable and
 * may be used for many dimensions.
 */
public interface CodecFactory {
  /** The canonical name, such as {@code "pq16"} or {@code "pca128"}; {@link Codecs#named} accepts it. */
  String name();

  /**
   * A new codec for {@code dimension}-d vectors; a {@link TrainableCompressor} is returned untrained.
   *
   * @throws IllegalArgumentException when the codec does not fit the dimension (naming both), such as
   *     {@code pq16} for 100-d vectors or {@code pca512} for 384-d ones
   */
  VectorCompressor create(int dimension);

  /**
   * The storage cost of the codec for {@code dimension}-d vectors, without training it.
   *
   * @throws IllegalArgumentException as {@link #create}
   */
  CodecSpec spec(int dimension);
}
