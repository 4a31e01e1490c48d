package dev.tenantry.core.plugins;

import java.util.List;

/**
 * The plugins found cannot make a platform: two providers of one extension point share a name, or a
 * provider has an invalid name. The message lists every problem and what was found.
 */
public final class PluginLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    /** @param problems what is wrong, one line each; at least one */
    public PluginLoadException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : "cannot load plugins (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** {@return every problem, one line each} */
    public List<String> problems() {
        return problems;
    }
}
