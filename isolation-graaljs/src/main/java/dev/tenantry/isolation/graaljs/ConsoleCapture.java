package dev.tenantry.isolation.graaljs;

/** Console output of one execution, cut at its limit in UTF-8 bytes. */
final class ConsoleCapture {
    private final StringBuilder kept = new StringBuilder();
    private long keptBytes;
    volatile long total;
    volatile boolean truncated;
    long max;

    synchronized void append(String line) {
        String s = line + "\n";
        long bytes = GuestRuntime.utf8Length(s);
        total += bytes;
        if (truncated) {
            return;
        }
        if (keptBytes + bytes <= max) {
            kept.append(s);
            keptBytes += bytes;
            return;
        }
        truncated = true;
        for (int i = 0; i < s.length(); i++) {
            int cp = s.codePointAt(i);
            long b = GuestRuntime.utf8Length(new String(Character.toChars(cp)));
            if (keptBytes + b > max) {
                break;
            }
            kept.appendCodePoint(cp);
            keptBytes += b;
            if (Character.charCount(cp) == 2) {
                i++;
            }
        }
    }

    synchronized String text() {
        return kept.toString();
    }
}
