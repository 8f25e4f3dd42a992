package org.miked.testkit;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.miked.common.crypto.Hex;

/**
 * The generate side of the codec test vectors ({@code src/test/resources/vectors/*.json}): every generator
 * builds a root object citing its source, adds its vectors and writes the file the same way, so the
 * verify tests of all bundles read one format.
 */
public final class VectorFile {
    private VectorFile() {
    }

    /**
     * @param source where the vectors come from (codec, RFC sections), cited in the file
     * @param generator the class whose {@code main} writes the file, or null to leave it out
     * @return a root object with {@code source} (and {@code generator})
     */
    public static JsonObject root(String source, Class<?> generator) {
        JsonObject root = new JsonObject();
        root.addProperty("source", source);
        if (generator != null) {
            root.addProperty("generator", generator.getName());
        }
        return root;
    }

    /**
     * @param messages pairs of name (String) and encoded message (byte[])
     * @return {@code [{"name": ..., "hex": ...}, ...]}
     */
    public static JsonArray named(List<Object[]> messages) {
        JsonArray arr = new JsonArray();
        for (Object[] m : messages) {
            JsonObject o = new JsonObject();
            o.addProperty("name", (String) m[0]);
            o.addProperty("hex", Hex.encode((byte[]) m[1]));
            arr.add(o);
        }
        return arr;
    }

    /**
     * Writes the file pretty-printed with a final newline (Gson's default escaping, which the committed
     * files were generated with) and says where.
     *
     * @param root the file's content
     * @param args the generator's arguments: an output path, or none for {@code defaultPath}
     * @param defaultPath the committed file, relative to the module directory
     * @return the path written
     * @throws IOException if the file cannot be written
     */
    public static Path write(JsonObject root, String[] args, String defaultPath) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : defaultPath);
        Files.writeString(out, new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n");
        System.out.println("wrote " + out.toAbsolutePath());
        return out;
    }
}
