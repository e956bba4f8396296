package dev.embedlab.staticemb;

import dev.embedlab.core.Float16;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reader and writer of the <a href="https://github.com/huggingface/safetensors">safetensors</a>
 * format, restricted to what static models need: float32, float16 and integer tensors read as
 * {@code float[]}/{@code long[]}.
 *
 * <p>Layout: an unsigned 64-bit little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON
 * mapping tensor names to {@code {"dtype": "F32", "shape": [rows, cols], "data_offsets": [begin, end]}}
 * (offsets relative to the byte after the header; an optional {@code "__metadata__"} string map), then
 * the raw little-endian data. The reader validates what the Rust implementation validates: the header
 * fits the file, offsets are in range, the byte length equals the element count times the dtype size,
 * and tensors tile the data area without gaps or overlaps. The writer pads the header with spaces to
 * a multiple of 8 bytes (as safetensors does) and writes tensors in the order given, so a given input
 * always produces the same bytes.
 */
public final class SafeTensors {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** safetensors' own limit on the header (100 MB). */
  static final long MAX_HEADER = 100_000_000L;

  private SafeTensors() {}

  /** Element types this reader understands. */
  public enum DType {
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary16. */
    F16(2),
    /** Signed 64-bit integers (model2vec's token mapping). */
    I64(8),
    /** Signed 32-bit integers. */
    I32(4);

    private final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
      return bytes;
    }
  }

  /**
   * One tensor: values widened to {@code double}-free primitive arrays ({@link #floats()} for float
   * types, {@link #longs()} for integer types; the other is {@code null}).
   *
   * @param name tensor name
   * @param dtype stored element type
   * @param shape dimensions, each {@code >= 0}
   * @param floats values of a float tensor, row-major, else null
   * @param longs values of an integer tensor, row-major, else null
   */
  public record Tensor(String name, DType dtype, int[] shape, float[] floats, long[] longs) {
    /** Validates that the data length matches the shape and the dtype's kind. */
    public Tensor {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(dtype, "dtype");
      shape = shape.clone();
      long n = 1;
      for (int d : shape) {
        if (d < 0) {
          throw new IllegalArgumentException("tensor " + name + ": negative dimension in shape " + Arrays.toString(shape));
        }
        n *= d;
      }
      boolean isFloat = dtype == DType.F32 || dtype == DType.F16;
      long have = isFloat ? (floats == null ? -1 : floats.length) : (longs == null ? -1 : longs.length);
      if (have != n) {
        throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " needs " + n
            + " " + dtype + " values, found " + (have < 0 ? "none" : have));
      }
    }

    /** A float tensor. */
    public static Tensor ofFloats(String name, DType dtype, float[] values, int... shape) {
      return new Tensor(name, dtype, shape, values, null);
    }

    /** Number of elements. */
    public long size() {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }

    @Override
    public int[] shape() {
      return shape.clone();
    }
  }

  /**
   * Reads every tensor of {@code file}.
   *
   * @return tensors by name, in header order
   * @throws IOException when the file cannot be read or is not valid safetensors (message names the file)
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      if (fileSize < 8) {
        throw new IOException(file + ": not a safetensors file: " + fileSize + " bytes, expected at least 8");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, file);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > fileSize - 8) {
        throw new IOException(file + ": safetensors header length " + headerLen + " is out of range for a file of "
            + fileSize + " bytes");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8, file);
      JsonNode header;
      try {
        header = MAPPER.readTree(new String(hb.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IOException(file + ": safetensors header is not valid JSON: " + e.getMessage(), e);
      }
      if (header == null || !header.isObject()) {
        throw new IOException(file + ": safetensors header must be a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataLen = fileSize - dataStart;
      record Entry(String name, DType dtype, int[] shape, long begin, long end) {}
      List<Entry> entries = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("__metadata__")) {
          continue;
        }
        entries.add(parseEntry(file, f.getKey(), f.getValue(), dataLen, (n, d, s, b, e) -> new Entry(n, d, s, b, e)));
      }
      // Tensors must tile [0, dataLen) exactly.
      List<Entry> byOffset = new ArrayList<>(entries);
      byOffset.sort((a, b) -> Long.compare(a.begin, b.begin));
      long pos = 0;
      for (Entry e : byOffset) {
        if (e.begin != pos) {
          throw new IOException(file + ": tensor " + e.name + " starts at data offset " + e.begin + ", expected "
              + pos + " (gap or overlap)");
        }
        pos = e.end;
      }
      if (pos != dataLen) {
        throw new IOException(file + ": tensors cover " + pos + " data bytes, file has " + dataLen);
      }
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Entry e : entries) {
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, data, dataStart + e.begin, file);
        data.flip();
        out.put(e.name, decode(e.name, e.dtype, e.shape, data));
      }
      return out;
    }
  }

  private interface EntryMaker<T> {
    T make(String name, DType dtype, int[] shape, long begin, long end);
  }

  private static <T> T parseEntry(Path file, String name, JsonNode v, long dataLen, EntryMaker<T> maker)
      throws IOException {
    String where = file + ": tensor " + name;
    if (!v.isObject()) {
      throw new IOException(where + ": expected an object with dtype, shape, data_offsets, found " + v);
    }
    DType dtype;
    String dt = v.path("dtype").asText("");
    try {
      dtype = DType.valueOf(dt);
    } catch (IllegalArgumentException e) {
      throw new IOException(where + ": dtype " + dt + " not supported; expected one of "
          + Arrays.toString(DType.values()));
    }
    JsonNode sh = v.get("shape");
    JsonNode off = v.get("data_offsets");
    if (sh == null || !sh.isArray() || off == null || !off.isArray() || off.size() != 2) {
      throw new IOException(where + ": expected shape (array) and data_offsets ([begin, end]), found " + v);
    }
    int[] shape = new int[sh.size()];
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!sh.get(i).canConvertToInt() || sh.get(i).asInt() < 0) {
        throw new IOException(where + ": shape[" + i + "]=" + sh.get(i) + " is not a non-negative int");
      }
      shape[i] = sh.get(i).asInt();
      n = Math.multiplyExact(n, shape[i]);
    }
    long begin = off.get(0).asLong(-1);
    long end = off.get(1).asLong(-1);
    if (begin < 0 || end < begin || end > dataLen) {
      throw new IOException(where + ": data_offsets [" + begin + ", " + end + "] outside the data area of "
          + dataLen + " bytes");
    }
    if (end - begin != n * dtype.bytes()) {
      throw new IOException(where + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
          + n * dtype.bytes() + " bytes, data_offsets give " + (end - begin));
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IOException(where + ": " + n + " elements is more than one Java array holds");
    }
    return maker.make(name, dtype, shape, begin, end);
  }

  private static Tensor decode(String name, DType dtype, int[] shape, ByteBuffer data) {
    int n = data.remaining() / dtype.bytes();
    switch (dtype) {
      case F32: {
        float[] f = new float[n];
        data.asFloatBuffer().get(f);
        return new Tensor(name, dtype, shape, f, null);
      }
      case F16: {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = Float16.halfToFloat(data.getShort());
        }
        return new Tensor(name, dtype, shape, f, null);
      }
      case I64: {
        long[] l = new long[n];
        data.asLongBuffer().get(l);
        return new Tensor(name, dtype, shape, null, l);
      }
      case I32: {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = data.getInt();
        }
        return new Tensor(name, dtype, shape, null, l);
      }
      default:
        throw new AssertionError(dtype);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
    long p = pos;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, p);
      if (r < 0) {
        throw new IOException(file + ": unexpected end of file at byte " + p);
      }
      p += r;
    }
  }

  /**
   * Writes {@code tensors} in the given order (float tensors stored as their {@link Tensor#dtype()},
   * float16 rounded to nearest even), with an optional string metadata map.
   */
  public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
    ObjectNode header = MAPPER.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode md = header.putObject("__metadata__");
      metadata.forEach(md::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      if (header.has(t.name())) {
        throw new IllegalArgumentException("duplicate tensor name " + t.name());
      }
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", t.dtype().name());
      ArrayNode sh = e.putArray("shape");
      for (int d : t.shape()) {
        sh.add(d);
      }
      long bytes = t.size() * t.dtype().bytes();
      e.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = MAPPER.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] hdr = Arrays.copyOf(json, padded);
    Arrays.fill(hdr, json.length, padded, (byte) ' ');
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
      out.write(len.array());
      out.write(hdr);
      for (Tensor t : tensors) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(t.size() * t.dtype().bytes())).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
          case F32 -> b.asFloatBuffer().put(t.floats());
          case F16 -> {
            for (float f : t.floats()) {
              b.putShort(Float16.floatToHalf(f));
            }
          }
          case I64 -> b.asLongBuffer().put(t.longs());
          case I32 -> {
            for (long l : t.longs()) {
              b.putInt(Math.toIntExact(l));
            }
          }
          default -> throw new AssertionError(t.dtype());
        }
        out.write(b.array());
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
