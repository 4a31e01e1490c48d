package dev.tenantry.billing.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ConfigurationException.Problem;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.tenant.Tier;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a plan document into a tree and walks it, collecting every problem with its path instead of stopping at
 * the first, which a data-binding reader would do. One parser per document; not thread-safe.
 */
final class PlanParser {
    private static final Set<String> ROOT_KEYS = Set.of("plans");
    private static final Set<String> PLAN_KEYS = Set.of("currency", "baseFee", "minimumCharge", "meters",
            "discounts", "limits");
    private static final Set<String> LIMIT_KEYS = Set.of("monthlyExecutions", "storage");
    private static final Set<String> DISCOUNT_KEYS = Set.of("name", "percent");
    private static final Set<String> TIER_KEYS = Set.of("upTo", "unitPrice", "flatFee");
    private static final Map<String, Set<String>> MODEL_KEYS = Map.of(
            "per_unit", Set.of("model", "freeUnits", "unitPrice"),
            "graduated", Set.of("model", "freeUnits", "tiers"),
            "volume", Set.of("model", "freeUnits", "tiers"),
            "package", Set.of("model", "freeUnits", "packageSize", "packagePrice"));
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final String source;
    private final List<Problem> problems = new ArrayList<>();
    private final TreeReader read = new TreeReader(problems);

    PlanParser(String source) {
        this.source = source;
    }

    PlanCatalog parse(String text) {
        JsonNode root;
        try {
            ObjectMapper mapper = YAMLMapper.builder(new YAMLFactory())
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigurationException("plans", "the plan document " + source + " is not valid YAML or JSON"
                    + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigurationException("plans", "the plan document " + source + " is empty");
        }
        Map<Tier, PricePlan> plans = new EnumMap<>(Tier.class);
        Currency catalogCurrency = null;
        if (!root.isObject()) {
            read.problem("", "expected a document with a 'plans' mapping, got " + TreeReader.kind(root));
        } else {
            read.onlyKeys(root, "", ROOT_KEYS);
            JsonNode plansNode = root.get("plans");
            if (plansNode == null || !plansNode.isObject() || plansNode.isEmpty()) {
                read.problem("plans", "expected a mapping from tier (" + tierNames() + ") to its plan, with at least one");
            } else {
                for (Map.Entry<String, JsonNode> entry : plansNode.properties()) {
                    String path = "plans." + entry.getKey();
                    Tier tier;
                    try {
                        tier = Tier.parse(entry.getKey());
                    } catch (IllegalArgumentException e) {
                        read.problem(path, e.getMessage());
                        continue;
                    }
                    if (!tier.id().equals(entry.getKey())) {
                        read.problem(path, "write tier names in lower case: " + tier.id());
                        continue;
                    }
                    Optional<PricePlan> plan = plan(tier, entry.getValue(), path);
                    if (plan.isEmpty()) {
                        continue;
                    }
                    if (catalogCurrency == null) {
                        catalogCurrency = plan.get().currency();
                    } else if (!catalogCurrency.equals(plan.get().currency())) {
                        read.problem(path + ".currency", "must be " + catalogCurrency.getCurrencyCode()
                                + " like the other plans, got " + plan.get().currency().getCurrencyCode()
                                + " (one catalog has one currency)");
                        continue;
                    }
                    plans.put(tier, plan.get());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new PlanCatalog(plans, catalogCurrency, source);
    }

    private Optional<PricePlan> plan(Tier tier, JsonNode node, String path) {
        if (!node.isObject()) {
            read.problem(path, "expected a plan mapping, got " + TreeReader.kind(node));
            return Optional.empty();
        }
        int before = problems.size();
        read.onlyKeys(node, path, PLAN_KEYS);
        Currency currency = currency(node.get("currency"), path + ".currency");
        BigDecimal baseFee = money(node.get("baseFee"), path + ".baseFee", currency);
        BigDecimal minimum = money(node.get("minimumCharge"), path + ".minimumCharge", currency);
        Map<Meter, MeterPrice> meters = meters(node.get("meters"), path + ".meters");
        List<Discount> discounts = discounts(node.get("discounts"), path + ".discounts");
        HeadlineLimits limits = limits(node.get("limits"), path + ".limits");
        if (problems.size() > before || currency == null) {
            return Optional.empty();
        }
        return Optional.of(new PricePlan(tier, currency, baseFee, minimum, meters, discounts, limits));
    }

    private Currency currency(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            read.problem(path, "is required: an ISO 4217 currency code such as USD or EUR");
            return null;
        }
        try {
            Currency currency = Currency.getInstance(node.asText().strip());
            if (currency.getDefaultFractionDigits() < 0) {
                read.problem(path, "\"" + node.asText() + "\" has no minor units; use a currency such as USD or EUR");
                return null;
            }
            return currency;
        } catch (IllegalArgumentException e) {
            read.problem(path, "unknown currency \"" + node.asText() + "\": expected an ISO 4217 code such as USD or EUR");
            return null;
        }
    }

    private BigDecimal money(JsonNode node, String path, Currency currency) {
        BigDecimal value = read.nonNegative(node, path, BigDecimal.ZERO);
        if (currency != null && value.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            read.problem(path, "has more fraction digits than " + currency.getCurrencyCode() + " allows ("
                    + currency.getDefaultFractionDigits() + "), got " + value.toPlainString());
        }
        return value;
    }

    private Map<Meter, MeterPrice> meters(JsonNode node, String path) {
        Map<Meter, MeterPrice> meters = new EnumMap<>(Meter.class);
        if (node == null) {
            return meters;
        }
        if (!node.isObject()) {
            read.problem(path, "expected a mapping from meter to its price, got " + TreeReader.kind(node));
            return meters;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String meterPath = path + "." + entry.getKey();
            Meter meter;
            try {
                meter = Meter.parse(entry.getKey());
            } catch (IllegalArgumentException e) {
                read.problem(meterPath, e.getMessage());
                continue;
            }
            if (!meter.wireName().equals(entry.getKey())) {
                read.problem(meterPath, "write meter names in lower case: " + meter.wireName());
                continue;
            }
            meterPrice(entry.getValue(), meterPath).ifPresent(price -> meters.put(meter, price));
        }
        return meters;
    }

    private Optional<MeterPrice> meterPrice(JsonNode node, String path) {
        if (!node.isObject()) {
            read.problem(path, "expected a price mapping with a model, got " + TreeReader.kind(node));
            return Optional.empty();
        }
        JsonNode modelNode = node.get("model");
        if (modelNode == null || !modelNode.isTextual() || !MODEL_KEYS.containsKey(modelNode.asText())) {
            read.problem(path + ".model", "is required: one of " + new TreeSet<>(MODEL_KEYS.keySet())
                    + (modelNode == null ? "" : ", got " + modelNode));
            return Optional.empty();
        }
        String model = modelNode.asText();
        int before = problems.size();
        read.onlyKeys(node, path, MODEL_KEYS.get(model));
        BigDecimal free = read.nonNegative(node.get("freeUnits"), path + ".freeUnits", BigDecimal.ZERO);
        MeterPrice price = switch (model) {
            case "per_unit" -> new MeterPrice.PerUnit(free, read.required(node, "unitPrice", path));
            case "graduated" -> new MeterPrice.Graduated(free, tiers(node.get("tiers"), path + ".tiers"));
            case "volume" -> new MeterPrice.Volume(free, tiers(node.get("tiers"), path + ".tiers"));
            default -> new MeterPrice.PerPackage(free, packageSize(node.get("packageSize"), path + ".packageSize"),
                    read.required(node, "packagePrice", path));
        };
        return problems.size() > before ? Optional.empty() : Optional.of(price);
    }

    private BigDecimal packageSize(JsonNode node, String path) {
        if (node == null) {
            read.problem(path, "is required: the number of units in one package");
            return BigDecimal.ONE;
        }
        Optional<BigDecimal> size = read.decimal(node, path);
        if (size.isPresent() && size.get().signum() <= 0) {
            read.problem(path, "must be greater than 0, got " + size.get().toPlainString());
        }
        return size.orElse(BigDecimal.ONE);
    }

    private List<PriceTier> tiers(JsonNode node, String path) {
        List<PriceTier> tiers = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            read.problem(path, "is required: a list of tiers, each with upTo (except the last) and unitPrice");
            return tiers;
        }
        BigDecimal previous = null;
        for (int i = 0; i < node.size(); i++) {
            String tierPath = path + "[" + i + "]";
            JsonNode tierNode = node.get(i);
            if (!tierNode.isObject()) {
                read.problem(tierPath, "expected a tier mapping with upTo and unitPrice, got " + TreeReader.kind(tierNode));
                continue;
            }
            read.onlyKeys(tierNode, tierPath, TIER_KEYS);
            boolean last = i == node.size() - 1;
            Optional<BigDecimal> upTo = Optional.empty();
            JsonNode upToNode = tierNode.get("upTo");
            if (upToNode == null || upToNode.isNull()) {
                if (!last) {
                    read.problem(tierPath + ".upTo", "is required on every tier but the last");
                }
            } else {
                upTo = read.decimal(upToNode, tierPath + ".upTo");
                if (last && upTo.isPresent()) {
                    read.problem(tierPath + ".upTo", "must be left out on the last tier, so that every quantity has a"
                            + " price (the last tier is open-ended)");
                }
                if (upTo.isPresent()) {
                    BigDecimal floor = previous == null ? BigDecimal.ZERO : previous;
                    if (upTo.get().compareTo(floor) <= 0) {
                        read.problem(tierPath + ".upTo", "must be greater than " + floor.toPlainString());
                    }
                    previous = upTo.get();
                }
            }
            BigDecimal unitPrice = read.required(tierNode, "unitPrice", tierPath);
            BigDecimal flatFee = read.nonNegative(tierNode.get("flatFee"), tierPath + ".flatFee", BigDecimal.ZERO);
            tiers.add(new PriceTier(upTo, unitPrice, flatFee));
        }
        return tiers;
    }

    private List<Discount> discounts(JsonNode node, String path) {
        List<Discount> discounts = new ArrayList<>();
        if (node == null) {
            return discounts;
        }
        if (!node.isArray()) {
            read.problem(path, "expected a list of discounts, each with name and percent, got " + TreeReader.kind(node));
            return discounts;
        }
        Set<String> names = new HashSet<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < node.size(); i++) {
            String itemPath = path + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                read.problem(itemPath, "expected a discount mapping with name and percent, got " + TreeReader.kind(item));
                continue;
            }
            read.onlyKeys(item, itemPath, DISCOUNT_KEYS);
            JsonNode nameNode = item.get("name");
            String name = "";
            if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
                read.problem(itemPath + ".name", "is required: what the discount is for");
            } else {
                name = nameNode.asText().strip();
                if (!names.add(name)) {
                    read.problem(itemPath + ".name", "\"" + name + "\" is used by another discount of this plan");
                }
            }
            BigDecimal percent = read.required(item, "percent", itemPath);
            if (percent.signum() == 0 || percent.compareTo(HUNDRED) > 0) {
                read.problem(itemPath + ".percent", "must be greater than 0 and at most 100, got " + percent.toPlainString());
            }
            sum = sum.add(percent);
            discounts.add(new Discount(name, percent));
        }
        if (sum.compareTo(HUNDRED) > 0) {
            read.problem(path, "the percentages add up to " + sum.toPlainString() + ", more than 100");
        }
        return discounts;
    }

    private HeadlineLimits limits(JsonNode node, String path) {
        if (node == null) {
            return HeadlineLimits.NONE;
        }
        if (!node.isObject()) {
            read.problem(path, "expected a mapping of limits (" + new TreeSet<>(LIMIT_KEYS) + "), got " + TreeReader.kind(node));
            return HeadlineLimits.NONE;
        }
        read.onlyKeys(node, path, LIMIT_KEYS);
        OptionalLong executions = OptionalLong.empty();
        JsonNode executionsNode = node.get("monthlyExecutions");
        if (executionsNode != null) {
            if (executionsNode.canConvertToLong() && executionsNode.isIntegralNumber() && executionsNode.asLong() > 0) {
                executions = OptionalLong.of(executionsNode.asLong());
            } else {
                read.problem(path + ".monthlyExecutions", "expected a positive whole number, got " + executionsNode);
            }
        }
        OptionalLong storage = OptionalLong.empty();
        JsonNode storageNode = node.get("storage");
        if (storageNode != null) {
            try {
                storage = OptionalLong.of(PluginConfig.parseBytes(path + ".storage", storageNode.asText()));
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            } catch (ArithmeticException e) {
                read.problem(path + ".storage", "is too large, got " + storageNode.asText());
            }
        }
        return new HeadlineLimits(executions, storage);
    }

    private static String tierNames() {
        StringBuilder names = new StringBuilder();
        for (Tier tier : Tier.values()) {
            names.append(names.isEmpty() ? "" : ", ").append(tier.id());
        }
        return names.toString();
    }
}
