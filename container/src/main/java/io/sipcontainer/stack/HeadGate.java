package io.sipcontainer.stack;

/** A connection whose requests are admitted from their heads before they are parsed ({@link HeadGatedParser}). */
interface HeadGate {
    boolean headGated();
}
