package dev.tenantry.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Starts one of the five tours: {@code examples/tour N} (see {@code examples/README.md}). Each tour runs a real
 * platform with its data in a temporary folder, which is deleted afterwards.
 */
public final class Tours {
    /** The tours in order; tour N is at index N - 1. */
    static final List<BiConsumer<PrintStream, Path>> TOURS = List.of(
            IsolationTour::run, QuotaTour::run, FairSchedulingTour::run, BillingTour::run, EmbeddedPlatformTour::run);

    private Tours() {
    }

    /**
     * Runs tour {@code args[0]}.
     *
     * @param args the tour's number, 1 to 5
     */
    public static void main(String[] args) throws IOException {
        int n;
        try {
            n = args.length == 1 ? Integer.parseInt(args[0]) : 0;
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > TOURS.size()) {
            System.err.println("usage: examples/tour N, with N from 1 to 5: 1 isolation, 2 quotas,"
                    + " 3 fair scheduling, 4 usage and billing, 5 the embedded platform");
            System.exit(2);
        }
        Path dataDir = Files.createTempDirectory("tenantry-tour-" + n + "-");
        try {
            TOURS.get(n - 1).accept(System.out, dataDir);
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
