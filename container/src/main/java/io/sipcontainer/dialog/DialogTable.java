package io.sipcontainer.dialog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Kamailio's dialog hash table: a dialog is found by Call-ID (with the caller's tag telling apart
 * dialogs that share one) and by its hash entry and id ({@code h_entry}, {@code h_id}, as
 * {@code dlg.end_dlg} names it). The entry is a hash of the Call-ID modulo {@code hash_size};
 * the id counts per entry, so a pair is never reused while the server runs. Lookups take no lock.
 */
final class DialogTable {
    /** Node numbers a cluster hands out ({@link #slot}): 11 bits above 20 bits of count. */
    static final int MAX_SLOT = (1 << 11) - 1;
    private static final int COUNT_BITS = 20;
    private static final int COUNT_MASK = (1 << COUNT_BITS) - 1;

    private final int mask;
    private volatile int slotBits;
    private final AtomicIntegerArray nextId;
    private final ConcurrentHashMap<String, DialogImpl> byCallId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, DialogImpl> byKey = new ConcurrentHashMap<>();

    DialogTable(int hashSize) {
        this.mask = hashSize - 1;
        this.nextId = new AtomicIntegerArray(hashSize);
    }

    /** The hash entry of a Call-ID (a string hash spread over the table; the size is a power of two). */
    int entryOf(String callId) {
        int h = callId.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    /**
     * This node's number in a cluster: from now on its ids carry it in their high bits, so the
     * pairs of two nodes never meet (a node alone keeps plain counts).
     */
    void slot(int slot) {
        slotBits = slot << COUNT_BITS;
    }

    /** A new id within an entry. */
    int nextIdOf(int entry) {
        int count = nextId.incrementAndGet(entry);
        int bits = slotBits;
        return bits == 0 ? count : bits | (count & COUNT_MASK);
    }

    /** Adds a dialog, or returns the one already there for its Call-ID and caller tag (a spiral). */
    DialogImpl add(DialogImpl dialog) {
        DialogImpl[] existing = new DialogImpl[1];
        byCallId.compute(dialog.callId(), (k, head) -> {
            for (DialogImpl d = head; d != null; d = d.nextSameCallId) {
                if (d.callerTag().equals(dialog.callerTag())) {
                    existing[0] = d;
                    return head;
                }
            }
            dialog.nextSameCallId = head;
            return dialog;
        });
        if (existing[0] != null) {
            return existing[0];
        }
        byKey.put(key(dialog.hashEntry(), dialog.hashId()), dialog);
        // a dialog read back from the database keeps its id: later ones of its entry come after it
        int entry = (int) dialog.hashEntry();
        int id = (int) dialog.hashId() & (slotBits == 0 ? -1 : COUNT_MASK);
        nextId.accumulateAndGet(entry, id, Math::max);
        return dialog;
    }

    /** The dialog of a Call-ID where one of the tags is the caller's (requests from either side). */
    DialogImpl find(String callId, String tagA, String tagB) {
        if (callId == null) {
            return null;
        }
        for (DialogImpl d = byCallId.get(callId); d != null; d = d.nextSameCallId) {
            if (d.callerTag().equals(tagA) || d.callerTag().equals(tagB)) {
                return d;
            }
        }
        return null;
    }

    DialogImpl find(long entry, long id) {
        return byKey.get(key(entry, id));
    }

    void remove(DialogImpl dialog) {
        if (byKey.remove(key(dialog.hashEntry(), dialog.hashId()), dialog)) {
            byCallId.computeIfPresent(dialog.callId(), (k, head) -> {
                if (head == dialog) {
                    return dialog.nextSameCallId;
                }
                for (DialogImpl d = head; d.nextSameCallId != null; d = d.nextSameCallId) {
                    if (d.nextSameCallId == dialog) {
                        d.nextSameCallId = dialog.nextSameCallId;
                        break;
                    }
                }
                return head;
            });
        }
    }

    Collection<DialogImpl> all() {
        return byKey.values();
    }

    /** Every dialog, ordered by hash entry and id (as Kamailio walks its table). */
    List<DialogImpl> sorted() {
        List<DialogImpl> list = new ArrayList<>(byKey.values());
        list.sort((a, b) -> a.hashEntry() != b.hashEntry() ? Long.compare(a.hashEntry(), b.hashEntry())
                : Long.compare(a.hashId(), b.hashId()));
        return list;
    }

    int size() {
        return byKey.size();
    }

    private static Long key(long entry, long id) {
        return (entry << 32) | id;
    }
}
