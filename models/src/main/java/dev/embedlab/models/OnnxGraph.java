package dev.embedlab.models;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few edits of an ONNX model that static int8 quantisation needs, on the protobuf wire format
 * (onnx.proto3: {@code ModelProto.graph} = 7; {@code GraphProto} node = 1, initializer = 5, output = 12;
 * {@code NodeProto} input = 1, output = 2, name = 3, op_type = 4). Every other field is carried over
 * byte for byte, in order. Package-private; see {@link StaticInt8}.
 */
final class OnnxGraph {
  /** One protobuf field: its number, wire type and value (a varint, or the bytes of the others). */
  record Field(int number, int wireType, long varint, byte[] bytes) {}

  /** A {@code DynamicQuantizeLinear} node: {@code x → (y, y_scale, y_zero_point)}. */
  record DynamicQuant(String input, String output, String scale, String zeroPoint) {}

  private static final int FLOAT = 1;
  private static final int UINT8 = 2;

  private final List<Field> model;
  private final List<Field> graph;

  private OnnxGraph(List<Field> model, List<Field> graph) {
    this.model = model;
    this.graph = graph;
  }

  /** Parses a model; refuses bytes that are not a protobuf with one graph field. */
  static OnnxGraph parse(byte[] modelBytes) {
    List<Field> m = fields(modelBytes);
    List<Field> g = null;
    for (Field f : m) {
      if (f.number() == 7 && f.wireType() == 2) {
        if (g != null) {
          throw new IllegalArgumentException("expected one ONNX graph (ModelProto field 7); found two");
        }
        g = fields(f.bytes());
      }
    }
    if (g == null) {
      throw new IllegalArgumentException("expected an ONNX model with a graph (ModelProto field 7); found fields "
          + m.stream().map(Field::number).distinct().toList());
    }
    return new OnnxGraph(m, g);
  }

  /** The graph's {@code DynamicQuantizeLinear} nodes, in graph order. */
  List<DynamicQuant> dynamicQuants() {
    List<DynamicQuant> out = new ArrayList<>();
    for (Field f : graph) {
      if (f.number() == 1 && f.wireType() == 2) {
        Node n = Node.of(f.bytes());
        if (n.opType.equals("DynamicQuantizeLinear")) {
          if (n.inputs.size() != 1 || n.outputs.size() != 3) {
            throw new IllegalArgumentException("DynamicQuantizeLinear node '" + n.name + "': expected 1 input and 3"
                + " outputs; found " + n.inputs + " -> " + n.outputs);
          }
          out.add(new DynamicQuant(n.inputs.get(0), n.outputs.get(0), n.outputs.get(1), n.outputs.get(2)));
        }
      }
    }
    return out;
  }

  /** The model with {@code names} added as FLOAT graph outputs (of any shape). */
  byte[] withFloatOutputs(List<String> names) {
    java.util.Set<String> outputs = new java.util.HashSet<>();
    for (Field f : graph) {
      if (f.number() == 12 && f.wireType() == 2) {
        for (Field v : fields(f.bytes())) {
          if (v.number() == 1 && v.wireType() == 2) {
            outputs.add(new String(v.bytes(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    List<Field> g = new ArrayList<>(graph);
    for (String name : names) {
      if (!outputs.add(name)) {
        continue; // already a graph output
      }
      byte[] tensorType = new Msg().varint(1, FLOAT).bytes();
      byte[] type = new Msg().bytes(1, tensorType).bytes();
      g.add(new Field(12, 2, 0, new Msg().str(1, name).bytes(2, type).bytes()));
    }
    return withGraph(g);
  }

  /**
   * The model with every {@code DynamicQuantizeLinear} replaced by a {@code QuantizeLinear} of fixed
   * scale and zero point, which become initializers under the names the dynamic node gave them (so
   * the {@code MatMulInteger} and {@code Mul} nodes that read them are unchanged).
   *
   * @param params per dynamic node's input name, its {@code {scale, zeroPoint}}
   */
  byte[] withStaticQuantization(Map<String, float[]> params) {
    java.util.Set<String> inputs = new java.util.LinkedHashSet<>();
    for (DynamicQuant q : dynamicQuants()) {
      inputs.add(q.input());
    }
    if (!inputs.equals(params.keySet())) {
      throw new IllegalArgumentException("expected scale and zero point for the dynamic quantisation inputs "
          + inputs + "; found " + params.keySet());
    }
    List<Field> g = new ArrayList<>(graph.size() + 2 * params.size());
    List<Field> initializers = new ArrayList<>();
    for (Field f : graph) {
      if (f.number() == 1 && f.wireType() == 2) {
        Node n = Node.of(f.bytes());
        if (n.opType.equals("DynamicQuantizeLinear")) {
          // each node from its own names: two dynamic nodes may read one tensor
          String x = n.inputs.get(0);
          String y = n.outputs.get(0);
          String scale = n.outputs.get(1);
          String zeroPoint = n.outputs.get(2);
          g.add(new Field(1, 2, 0, new Msg().str(1, x).str(1, scale).str(1, zeroPoint).str(2, y)
              .str(3, y + "/static_quantize").str(4, "QuantizeLinear").bytes()));
          float[] p = params.get(x);
          byte[] s = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(p[0]).array();
          initializers.add(new Field(5, 2, 0, new Msg().varint(2, FLOAT).str(8, scale).bytes(9, s).bytes()));
          initializers.add(new Field(5, 2, 0, new Msg().varint(2, UINT8).str(8, zeroPoint)
              .bytes(9, new byte[] {(byte) Math.round(p[1])}).bytes()));
          continue;
        }
      }
      g.add(f);
    }
    g.addAll(initializers);
    return withGraph(g);
  }

  private byte[] withGraph(List<Field> g) {
    Msg out = new Msg();
    for (Field f : model) {
      if (f.number() == 7 && f.wireType() == 2) {
        out.bytes(7, write(g));
      } else {
        out.field(f);
      }
    }
    return out.bytes();
  }

  private static byte[] write(List<Field> fields) {
    Msg m = new Msg();
    for (Field f : fields) {
      m.field(f);
    }
    return m.bytes();
  }

  /** The fields of one message, in order. */
  static List<Field> fields(byte[] b) {
    List<Field> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < b.length) {
      long key = varint(b, pos);
      int number = (int) (key >>> 3);
      int wire = (int) (key & 7);
      switch (wire) {
        case 0 -> out.add(new Field(number, 0, varint(b, pos), null));
        case 1, 5 -> {
          int len = wire == 1 ? 8 : 4;
          out.add(new Field(number, wire, 0, slice(b, pos, len)));
        }
        case 2 -> {
          long len = varint(b, pos);
          out.add(new Field(number, 2, 0, slice(b, pos, len)));
        }
        default -> throw new IllegalArgumentException("expected protobuf wire type 0, 1, 2 or 5 at byte "
            + pos[0] + "; found " + wire + " (field " + number + ")");
      }
    }
    return out;
  }

  private static byte[] slice(byte[] b, int[] pos, long len) {
    if (len < 0 || pos[0] + len > b.length) {
      throw new IllegalArgumentException("protobuf field of " + len + " bytes at byte " + pos[0]
          + " runs past the end (" + b.length + " bytes)");
    }
    byte[] out = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + (int) len);
    pos[0] += (int) len;
    return out;
  }

  private static long varint(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException("protobuf varint runs past the end at byte " + pos[0]);
      }
      int c = b[pos[0]++] & 0xFF;
      v |= (long) (c & 0x7F) << shift;
      if (c < 0x80) {
        return v;
      }
    }
    throw new IllegalArgumentException("protobuf varint longer than 10 bytes before byte " + pos[0]);
  }

  /** A node's op type, name, inputs and outputs. */
  private record Node(String opType, String name, List<String> inputs, List<String> outputs) {
    static Node of(byte[] b) {
      String op = "";
      String name = "";
      List<String> in = new ArrayList<>();
      List<String> out = new ArrayList<>();
      for (Field f : fields(b)) {
        if (f.wireType() != 2) {
          continue;
        }
        String s = new String(f.bytes(), StandardCharsets.UTF_8);
        switch (f.number()) {
          case 1 -> in.add(s);
          case 2 -> out.add(s);
          case 3 -> name = s;
          case 4 -> op = s;
          default -> { }
        }
      }
      return new Node(op, name, in, out);
    }
  }

  /** A protobuf message writer: varint and length-delimited fields (the test fixtures write their graphs with it). */
  static final class Msg {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Msg varint(int field, long v) {
      raw((long) field << 3);
      raw(v);
      return this;
    }

    Msg str(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Msg msg(int field, Msg m) {
      return bytes(field, m.bytes());
    }

    Msg bytes(int field, byte[] b) {
      raw(((long) field << 3) | 2);
      raw(b.length);
      buf.write(b, 0, b.length);
      return this;
    }

    Msg field(Field f) {
      if (f.wireType() == 0) {
        return varint(f.number(), f.varint());
      }
      raw(((long) f.number() << 3) | f.wireType());
      if (f.wireType() == 2) {
        raw(f.bytes().length);
      }
      buf.write(f.bytes(), 0, f.bytes().length);
      return this;
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        buf.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      buf.write((int) v);
    }

    byte[] bytes() {
      return buf.toByteArray();
    }
  }
}
