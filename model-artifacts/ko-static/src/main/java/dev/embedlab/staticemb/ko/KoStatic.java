package dev.embedlab.staticemb.ko;

import dev.embedlab.staticemb.StaticEmbedder;
import java.io.IOException;

/**
 * The shipped Korean static model ({@code ko-static}): WordPiece vocabulary of 8,000 pieces built from the
 * training texts plus 20,000 hashed character-bigram buckets, 768 dimensions (384 distilled from
 * all-MiniLM-L6-v2 through KorSTS's English originals, 384 lexical), float16; see {@code MODEL_CARD.md} for
 * data, licences, the command that reproduces it and its measured scores.
 */
public final class KoStatic {
  /** Classpath folder of the model files. */
  public static final String RESOURCE_BASE = "dev/embedlab/staticemb/ko-static";
  /** SHA-256 of the shipped {@code model.safetensors}. */
  public static final String MODEL_SHA256 = "0f4d4130926bc49781e51a4b8cae896c0ab321190ebc7870b1703dfd03902baa";

  private KoStatic() {}

  /** Opens the shipped model; the caller closes it. */
  public static StaticEmbedder open() throws IOException {
    return open(1);
  }

  /** Opens the shipped model, pooling each batch on {@code threads} threads; the caller closes it. */
  public static StaticEmbedder open(int threads) throws IOException {
    return StaticEmbedder.openResource(KoStatic.class.getClassLoader(), RESOURCE_BASE, "ko-static", threads);
  }
}
