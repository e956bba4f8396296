package dev.embedlab.compress;

import dev.embedlab.core.Float16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Codecs found by name through the {@link CodecProvider} service, PCA and truncation included. */
class CodecsTest {
  @Test
  void everyBuiltInNameMakesItsCodec() {
    assertTrue(Codecs.providers().stream().anyMatch(p -> p instanceof BuiltInCodecs), "found by ServiceLoader");
    assertEquals(CodecKind.FLOAT16, Codecs.named("fp16").create(384).kind());
    assertEquals(CodecKind.FLOAT16, Codecs.named("Float16").create(384).kind());
    assertEquals(CodecKind.INT8, Codecs.named("int8").create(384).kind());
    assertEquals(CodecKind.BINARY, Codecs.named("binary").create(384).kind());
    ProductQuantizer pq = assertInstanceOf(ProductQuantizer.class, Codecs.named("pq16").create(384));
    assertEquals(16, pq.subspaces());
    assertEquals(8, pq.bits());
    assertEquals(8, Codecs.named("pq16x4").create(384).bytesPerVector()); // 16 x 4 bits
    assertEquals("opq16", Codecs.named("opq16").name());
    assertTrue(Codecs.named("opq16").create(384).id().contains("opq"), Codecs.named("opq16").create(384).id());
    PcaCompressor pca = assertInstanceOf(PcaCompressor.class, Codecs.named("pca128").create(384));
    assertEquals(128, pca.components());
    assertTrue(assertInstanceOf(PcaCompressor.class, Codecs.named("pca64w").create(384)).whiten());
    TruncationCompressor t = assertInstanceOf(TruncationCompressor.class, Codecs.named("trunc256").create(768));
    assertEquals(256, t.keptDimensions());
    assertEquals(4 * 256, Codecs.named("trunc256").spec(768).bytesPerVector());
    assertEquals(4L * 384 * 384 + CodecSpec.pq(384, 16, 8).fixedBytes(), Codecs.named("opq16").spec(384).fixedBytes());
    for (String name : List.of("fp16", "int8", "binary", "pq16", "pq16x4", "opq16", "pca128", "pca64w", "trunc256")) {
      CodecFactory f = Codecs.named(name);
      VectorCompressor c = f.create(384);
      assertEquals(c.bytesPerVector(), f.spec(384).bytesPerVector(), name + ": the spec costs what the codec stores");
      assertEquals(CodecSpec.of(c).fixedBytes(), f.spec(384).fixedBytes(), name + ": fixed bytes");
    }
  }

  @Test
  void wrongNamesAndParametersAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Codecs.named("pq-16"));
    assertTrue(e.getMessage().startsWith("unknown codec \"pq-16\"; expected one of [float16, fp16, int8, binary,"
        + " pq<m>[x<bits>], opq<m>[x<bits>], pca<k>[w], trunc<k>]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Codecs.named("pq16").create(100));
    assertEquals("codec pq16 needs a dimension divisible by 16; the vectors have 100", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Codecs.named("pca512").create(384));
    assertEquals("codec pca512 keeps 512 dimensions; the vectors have only 384", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Codecs.named("pq0"));
    assertEquals("codec pq0: subspaces must be >= 1; subspaces=0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Codecs.named("pq8x9"));
    assertEquals("codec pq8x9: bits must be in [1, 8]; bits=9", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Codecs.named(" "));
    assertThrows(IllegalArgumentException.class, () -> Codecs.named("int8").create(0));
  }

  @Test
  void aNewCodecIsANewProviderNotAnEditOfAClosedList() {
    CodecProvider halfTrunc = new CodecProvider() {
      @Override
      public List<String> syntax() {
        return List.of("half");
      }

      @Override
      public Optional<CodecFactory> parse(String name) {
        if (!name.equals("half")) {
          return Optional.empty();
        }
        return Optional.of(new CodecFactory() {
          @Override public String name() { return "half"; }
          @Override public VectorCompressor create(int d) { return new TruncationCompressor(d, d / 2); }
          @Override public CodecSpec spec(int d) { return CodecSpec.truncation(d, d / 2); }
        });
      }
    };
    List<CodecProvider> providers = List.of(new BuiltInCodecs(), halfTrunc);
    assertEquals(192, ((TruncationCompressor) Codecs.named("half", providers).create(384)).keptDimensions());
    assertEquals(CodecKind.INT8, Codecs.named("int8", providers).create(8).kind());
    assertTrue(Codecs.known(providers).contains("half"));
  }
}
