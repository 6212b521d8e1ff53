package io.sipcontainer.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonpCharacterEscapes;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.impl.UnknownSerializer;
import com.fasterxml.jackson.databind.ser.impl.UnsupportedTypeSerializer;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.EnumSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * JSON documents as plain Java values, with Jackson: reading gives {@code Map<String,Object>}
 * (member order kept), {@code List<Object>}, {@code String}, {@code Long} (a {@code BigInteger}
 * past its range), {@code Double} (or {@code BigDecimal} with {@link #parseReply}), {@code Boolean}
 * and null; anything that is not exactly one strict RFC 8259 value is {@link MalformedJson}.
 * Writing accepts what RPC commands return: maps, iterables, arrays, strings, numbers, booleans,
 * null, and anything else as its {@code toString()}.
 *
 * <p>{@link #parse} reads what clients send (JSON-RPC requests, console API bodies), so it refuses
 * cheaply what no honest request needs: nesting deeper than {@value #MAX_DEPTH}, documents or
 * strings longer than {@value #MAX_LENGTH} characters.
 */
public final class JsonBodies {
    /** Deeper documents are refused; no request needs more than a few levels. */
    public static final int MAX_DEPTH = 64;
    /** Longest document (and so string) read from a client; requests are a few hundred bytes. */
    public static final int MAX_LENGTH = 1 << 20;

    private static final ObjectMapper REQUESTS = mapper(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_LENGTH).maxStringLength(MAX_LENGTH).build());
    /** For answers of our own server (sipctl): a large registration dump must still read. */
    private static final ObjectMapper REPLIES = mapper(StreamReadConstraints.defaults());

    private static final ObjectReader REQUEST_READER = REQUESTS.readerFor(Object.class);
    private static final ObjectReader REPLY_READER = REPLIES.readerFor(Object.class)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectWriter COMPACT = REQUESTS.writer();
    /** Two spaces per level, {@code "name": value}, one array item a line, {@code {}} and {@code []} when empty. */
    private static final ObjectWriter PRETTY = REQUESTS.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("").withArrayEmptySeparator("")));

    private JsonBodies() {
    }

    /** A malformed (or too large, or too deep) document, with the character offset where reading stopped. */
    public static final class MalformedJson extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJson(JsonProcessingException cause) {
            super(cause.getOriginalMessage() + offset(cause.getLocation()), cause);
        }

        private static String offset(JsonLocation at) {
            return at == null || at.getCharOffset() < 0 ? "" : " at offset " + at.getCharOffset();
        }
    }

    /** The one value a client's document holds. */
    public static Object parse(String text) throws MalformedJson {
        return read(REQUEST_READER, text);
    }

    /** The one value a server's answer holds, with fractions exact ({@code BigDecimal}) and no size limit. */
    public static Object parseReply(String text) throws MalformedJson {
        return read(REPLY_READER, text);
    }

    private static Object read(ObjectReader reader, String text) throws MalformedJson {
        try {
            return reader.readValue(text);
        } catch (JsonProcessingException e) {
            throw new MalformedJson(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail on input", e);
        }
    }

    /** The compact JSON text of a value. */
    public static String write(Object value) {
        return write(COMPACT, value);
    }

    /** The JSON text of a value indented by two spaces per level (no final newline). */
    public static String pretty(Object value) {
        return write(PRETTY, value);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // every value has a form (toString at worst), so only a failing toString gets here
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    private static ObjectMapper mapper(StreamReadConstraints constraints) {
        JsonFactory factory = new JsonFactoryBuilder()
                // U+2028 and U+2029 escaped too, so a reply stays safe to embed in a script
                .characterEscapes(JsonpCharacterEscapes.instance())
                .streamReadConstraints(constraints)
                .build();
        SimpleModule plainValues = new SimpleModule("plain-values");
        plainValues.addSerializer(Double.class, new FloatingSerializer<>(Double.class));
        plainValues.addSerializer(Float.class, new FloatingSerializer<>(Float.class));
        plainValues.setSerializerModifier(new ToStringForOtherObjects());
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .registerModule(plainValues);
    }

    /**
     * Whole numbers as integers ({@code 3}, not {@code 3.0}) while exact, and null for NaN and the
     * infinities, which JSON cannot write.
     */
    private static final class FloatingSerializer<T extends Number> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;

        FloatingSerializer(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double d = value.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                gen.writeNull();
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                gen.writeNumber((long) d);
            } else {
                gen.writeNumber(d);
            }
        }
    }

    /**
     * Objects that are not JSON values (records, beans, dates, enums) are written as their
     * {@code toString()} string rather than taken apart into their properties.
     */
    private static final class ToStringForOtherObjects extends BeanSerializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                JsonSerializer<?> serializer) {
            if (serializer instanceof BeanSerializerBase || serializer instanceof UnknownSerializer
                    || serializer instanceof UnsupportedTypeSerializer
                    || serializer instanceof EnumSerializer) {
                return ToStringSerializer.instance;
            }
            return serializer;
        }
    }
}
