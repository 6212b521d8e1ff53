package io.sipcontainer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.service.LocationService;
import io.sipcontainer.session.SipApplicationSessionImpl;
import io.sipcontainer.session.SipSessionImpl;

/** The constant pool reader on class files javac writes, one way of naming a class at a time. */
class ClassReferencesTest {

    @TempDir
    Path dir;

    /** Compiles one class against the APIs and the container, and reads its references. */
    private ClassReferences referencesOf(String className, String code) throws IOException {
        TestApps.compile(Map.of(className, code), dir, List.of(SipSessionImpl.class, LocationService.class));
        return ClassReferences.read(Files.readAllBytes(dir.resolve(className.replace('.', '/') + ".class")));
    }

    @Test
    void aClassUsedInCodeIsFound() throws IOException {
        ClassReferences refs = referencesOf("com.example.Foo", """
                package com.example;
                public class Foo {
                    public Object make() { return io.sipcontainer.session.SipSessionImpl.class; }
                }
                """);
        assertEquals("com/example/Foo", refs.className());
        assertTrue(refs.referenced().contains("io/sipcontainer/session/SipSessionImpl"), refs.referenced().toString());
        assertTrue(refs.referenced().contains("java/lang/Object"));
        assertFalse(refs.referenced().contains("com/example/Foo"), "not its own name");
    }

    @Test
    void typesOnlyInDescriptorsAndSignaturesAreFound() throws IOException {
        // None of these is a CONSTANT_Class: a parameter type never used in the body, an array
        // field type, and a type argument visible only in the generic signature.
        ClassReferences refs = referencesOf("com.example.Bar", """
                package com.example;
                public class Bar {
                    io.sipcontainer.session.SipSessionImpl[] sessions;
                    java.util.List<io.sipcontainer.session.SipApplicationSessionImpl> applicationSessions;
                    public void take(io.sipcontainer.service.LocationService location) { }
                }
                """);
        Set<String> referenced = refs.referenced();
        assertTrue(referenced.contains("io/sipcontainer/session/SipSessionImpl"), referenced.toString());
        assertTrue(referenced.contains("io/sipcontainer/session/SipApplicationSessionImpl"), referenced.toString());
        assertTrue(referenced.contains("io/sipcontainer/service/LocationService"), referenced.toString());
        assertTrue(referenced.contains("java/util/List"), referenced.toString());
    }

    @Test
    void aNameInAStringLiteralIsNotAReference() throws IOException {
        ClassReferences refs = referencesOf("com.example.Text", """
                package com.example;
                public class Text {
                    public String text() { return "Lio/sipcontainer/session/SipSessionImpl;"; }
                }
                """);
        assertFalse(refs.referenced().stream().anyMatch(n -> n.startsWith("io/sipcontainer/")), refs.referenced().toString());
    }

    @Test
    void whatIsNotAClassFileIsRefused() {
        IOException e = assertThrows(IOException.class, () -> ClassReferences.read("not a class".getBytes()));
        assertTrue(e.getMessage().contains("not a class file"), e.getMessage());
        assertThrows(IOException.class, () -> ClassReferences.read(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA,
                (byte) 0xBE, 0, 0, 0, 61, 0, 5, 1}), "a pool cut short");
    }

    @Test
    void theContainersOwnClassesAreReadToo() throws IOException {
        // A large real class file with every kind of constant javac writes (lambdas, long constants...).
        byte[] bytes;
        try (var in = SipSessionImpl.class.getResourceAsStream("SipSessionImpl.class")) {
            bytes = in.readAllBytes();
        }
        ClassReferences refs = ClassReferences.read(bytes);
        assertEquals("io/sipcontainer/session/SipSessionImpl", refs.className());
        assertTrue(refs.referenced().contains("jakarta/servlet/sip/SipSession"), refs.referenced().toString());
        assertTrue(refs.referenced().contains(SipApplicationSessionImpl.class.getName().replace('.', '/')));
    }
}
