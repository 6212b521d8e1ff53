package io.sipcontainer.deploy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a class file refers to, read from its constant pool (JVMS §4.4) without loading it:
 * every {@code CONSTANT_Class}, and every class named in a descriptor or generic signature
 * ({@code Lpkg/Name;}), which is how field and method types, annotations and type arguments appear.
 * Names are in internal form ({@code io/sipcontainer/service/Contact}).
 * <p>
 * Descriptors and signatures are {@code CONSTANT_Utf8} entries reached from many places (fields,
 * methods, attributes, {@code NameAndType}); rather than walking all of those, every Utf8 entry is
 * searched for {@code L...;} except the ones only used as string literals ({@code CONSTANT_String}):
 * member and attribute names cannot contain {@code /} or {@code ;}, so a match elsewhere is a type.
 */
final class ClassReferences {

    private static final int MAGIC = 0xCAFEBABE;

    /** A class in a descriptor or signature; a generic signature ends the name at '<'. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([^;<>\\[.:()]+)[;<]");

    private final String className;
    private final Set<String> referenced;

    private ClassReferences(String className, Set<String> referenced) {
        this.className = className;
        this.referenced = referenced;
    }

    /** This class's own name, internal form. */
    String className() {
        return className;
    }

    /** Every other class it names, internal form, sorted; arrays are reduced to their element class. */
    Set<String> referenced() {
        return referenced;
    }

    /** @throws IOException when the bytes are not a class file */
    static ClassReferences read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a class file (bad magic number)");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        BitSet literals = new BitSet(count);
        BitSet nonLiterals = new BitSet(count);
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF(); // Utf8: u2 length + modified UTF-8, as readUTF expects
                case 7 -> classNameIndex[i] = in.readUnsignedShort(); // Class
                case 8 -> literals.set(in.readUnsignedShort()); // String
                case 16, 19, 20 -> nonLiterals.set(in.readUnsignedShort()); // MethodType, Module, Package
                case 3, 4 -> in.readInt(); // Integer, Float
                case 5, 6 -> { // Long, Double take two slots
                    in.readLong();
                    i++;
                }
                case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, NameAndType, (Invoke)Dynamic: u2 u2
                case 15 -> { // MethodHandle: u1 kind, u2 reference
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        String self = className(utf8, classNameIndex, in.readUnsignedShort());
        Set<String> referenced = new TreeSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                nonLiterals.set(classNameIndex[i]);
                addClassEntry(className(utf8, classNameIndex, i), referenced);
            }
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && (nonLiterals.get(i) || !literals.get(i))) {
                Matcher m = TYPE_IN_DESCRIPTOR.matcher(utf8[i]);
                while (m.find()) {
                    referenced.add(m.group(1));
                }
            }
        }
        referenced.remove(self);
        return new ClassReferences(self, referenced);
    }

    private static String className(String[] utf8, int[] classNameIndex, int index) throws IOException {
        if (index <= 0 || index >= classNameIndex.length || classNameIndex[index] == 0
                || utf8[classNameIndex[index]] == null) {
            throw new IOException("constant pool entry " + index + " is not a class");
        }
        return utf8[classNameIndex[index]];
    }

    /** A CONSTANT_Class names a class, or an array by its descriptor ({@code [Lpkg/Name;}, {@code [I}). */
    private static void addClassEntry(String name, Set<String> referenced) {
        if (!name.startsWith("[")) {
            referenced.add(name);
            return;
        }
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(name);
        if (m.find()) {
            referenced.add(m.group(1));
        }
    }
}
