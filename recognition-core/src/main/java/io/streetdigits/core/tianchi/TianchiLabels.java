package io.streetdigits.core.tianchi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streetdigits.core.contract.ContractJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The competition's label format ({@code mchar_train.json}): one object per image file with parallel arrays
 * {@code label}, {@code left}, {@code top}, {@code width}, {@code height}, one element per character. Coordinates
 * come as ints or floats (single-character entries use floats); both are read.
 */
public final class TianchiLabels {

    private static final String[] FIELDS = {"label", "left", "top", "width", "height"};

    private TianchiLabels() {
    }

    /** Reads a label file into images sorted by file name. */
    public static List<LabelledImage> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = ContractJson.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read Tianchi label file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException("Tianchi label file " + file + " must hold one JSON object keyed by file name");
        }
        Map<String, LabelledImage> images = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = root.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            try {
                images.put(entry.getKey(), parse(entry.getKey(), entry.getValue()));
            } catch (IllegalArgumentException e) {
                throw new IOException("Tianchi label file " + file + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(images.values());
    }

    /** Writes images in the same format (ints where a coordinate is whole). */
    public static void write(Path file, Collection<LabelledImage> images) throws IOException {
        ObjectNode root = ContractJson.mapper().createObjectNode();
        for (LabelledImage image : images) {
            ObjectNode entry = root.putObject(image.fileName());
            ArrayNode heights = entry.putArray("height");
            ArrayNode labels = entry.putArray("label");
            ArrayNode lefts = entry.putArray("left");
            ArrayNode tops = entry.putArray("top");
            ArrayNode widths = entry.putArray("width");
            for (CharacterBox box : image.characters()) {
                heights.addPOJO(number(box.height()));
                labels.add(box.digit());
                lefts.addPOJO(number(box.left()));
                tops.addPOJO(number(box.top()));
                widths.addPOJO(number(box.width()));
            }
        }
        Files.writeString(file, ContractJson.mapper().writeValueAsString(root));
    }

    private static LabelledImage parse(String fileName, JsonNode entry) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("entry " + fileName + " must be an object");
        }
        int count = -1;
        for (String field : FIELDS) {
            JsonNode values = entry.get(field);
            if (values == null || !values.isArray()) {
                throw new IllegalArgumentException("entry " + fileName + " lacks the array '" + field + "'");
            }
            if (count >= 0 && values.size() != count) {
                throw new IllegalArgumentException("entry " + fileName + " has arrays of different lengths");
            }
            count = values.size();
        }
        List<CharacterBox> characters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            characters.add(new CharacterBox(
                    integer(entry, "label", i, fileName),
                    decimal(entry, "left", i, fileName),
                    decimal(entry, "top", i, fileName),
                    decimal(entry, "width", i, fileName),
                    decimal(entry, "height", i, fileName)));
        }
        return new LabelledImage(fileName, characters);
    }

    private static int integer(JsonNode entry, String field, int index, String fileName) {
        double value = decimal(entry, field, index, fileName);
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException("entry " + fileName + " has non-integer " + field + " " + value);
        }
        return (int) value;
    }

    private static double decimal(JsonNode entry, String field, int index, String fileName) {
        JsonNode value = entry.get(field).get(index);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("entry " + fileName + " has non-numeric " + field + "[" + index + "]");
        }
        return value.asDouble();
    }

    private static Number number(double value) {
        return value == Math.rint(value) && Math.abs(value) < Integer.MAX_VALUE ? (Number) (int) value : value;
    }
}
