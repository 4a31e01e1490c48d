package dev.tenantry.billing.rules;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ConfigurationException.Problem;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A bad plan fails at load with every problem and its path; a good one loads. */
class PlanValidationTest {

    private static ConfigurationException rejected(String yaml) {
        return catchThrowableOfType(ConfigurationException.class, () -> PlanCatalog.parse(yaml, "test plans"));
    }

    @Test
    void aPlanWithThreeErrorsReportsAllThreeWithTheirPaths() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    meters:
                      cpu_ms:
                        model: graduated
                        tiers:
                          - upTo: 500000
                            unitPrice: 0.00002
                          - upTo: 1000000
                            unitPrice: 0.000015
                          - upTo: 800000
                            unitPrice: 0.00001
                          - unitPrice: 0.000005
                  business:
                    currency: EURO
                    baseFee: 199
                  starter:
                    currency: USD
                    meters:
                      executions:
                        model: per_unit
                        unitPrice: -0.001
                """;
        assertThat(rejected(yaml).problems()).containsExactly(
                new Problem("plans.professional.meters.cpu_ms.tiers[2].upTo", "must be greater than 1000000"),
                new Problem("plans.business.currency",
                        "unknown currency \"EURO\": expected an ISO 4217 code such as USD or EUR"),
                new Problem("plans.starter.meters.executions.unitPrice", "must not be negative, got -0.001"));
    }

    @Test
    void theMessageListsEveryProblemSoAnOperatorFixesThemInOneGo() {
        String yaml = """
                plans:
                  starter:
                    currency: USD
                    baseFee: 1.999
                    minimumCharge: abc
                """;
        ConfigurationException e = rejected(yaml);
        assertThat(e.getMessage())
                .contains("plans.starter.baseFee: has more fraction digits than USD allows (2), got 1.999")
                .contains("plans.starter.minimumCharge: expected a decimal number such as 0.0001, got \"abc\"");
    }

    @Test
    void unknownKeysTiersMetersAndModelsAreNamed() {
        String yaml = """
                plans:
                  gold:
                    currency: USD
                  Business:
                    currency: USD
                  starter:
                    currency: USD
                    basefee: 10
                    meters:
                      gpu_ms:
                        model: per_unit
                        unitPrice: 1
                      executions:
                        model: stepped
                """;
        assertThat(rejected(yaml).problems()).extracting(Problem::path).containsExactly(
                "plans.gold", "plans.Business", "plans.starter.basefee", "plans.starter.meters.gpu_ms",
                "plans.starter.meters.executions.model");
    }

    @Test
    void aKeyOfAnotherModelIsRejected() {
        String yaml = """
                plans:
                  starter:
                    currency: USD
                    meters:
                      executions:
                        model: per_unit
                        unitPrice: 0.1
                        packageSize: 100
                """;
        assertThat(rejected(yaml).problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("plans.starter.meters.executions.packageSize");
            assertThat(p.message()).startsWith("unknown key; expected one of [freeUnits, model, unitPrice]");
        });
    }

    @Test
    void tiersNeedBoundsOnAllButAnOpenLastTier() {
        String yaml = """
                plans:
                  starter:
                    currency: USD
                    meters:
                      executions:
                        model: volume
                        tiers:
                          - unitPrice: 0.1
                          - upTo: 100
                            unitPrice: 0.05
                """;
        assertThat(rejected(yaml).problems()).extracting(Problem::path).containsExactly(
                "plans.starter.meters.executions.tiers[0].upTo", "plans.starter.meters.executions.tiers[1].upTo");
    }

    @Test
    void packagesNeedAPositiveSizeAndAPrice() {
        String yaml = """
                plans:
                  starter:
                    currency: USD
                    meters:
                      api_calls:
                        model: package
                        packageSize: 0
                """;
        assertThat(rejected(yaml).problems()).containsExactly(
                new Problem("plans.starter.meters.api_calls.packageSize", "must be greater than 0, got 0"),
                new Problem("plans.starter.meters.api_calls.packagePrice", "is required"));
    }

    @Test
    void discountsMustBeNamedAndAddUpToAtMostAHundredPercent() {
        String yaml = """
                plans:
                  starter:
                    currency: USD
                    discounts:
                      - name: a
                        percent: 60
                      - name: a
                        percent: 50
                      - percent: 0
                """;
        assertThat(rejected(yaml).problems()).extracting(Problem::path).containsExactly(
                "plans.starter.discounts[1].name", "plans.starter.discounts[2].name",
                "plans.starter.discounts[2].percent", "plans.starter.discounts");
    }

    @Test
    void everyPlanOfACatalogHasTheSameCurrency() {
        String yaml = """
                plans:
                  starter:
                    currency: USD
                  business:
                    currency: EUR
                """;
        assertThat(rejected(yaml).problems()).containsExactly(new Problem("plans.business.currency",
                "must be USD like the other plans, got EUR (one catalog has one currency)"));
    }

    @Test
    void headlineLimitsAcceptSizesWithUnits() {
        PlanCatalog catalog = PlanCatalog.parse("""
                plans:
                  starter:
                    currency: USD
                    limits:
                      monthlyExecutions: 1000
                      storage: 2mb
                """, "test");
        HeadlineLimits limits = catalog.plan(Tier.STARTER).orElseThrow().limits();
        assertThat(limits.monthlyExecutions()).hasValue(1000);
        assertThat(limits.storageBytes()).hasValue(2L << 20);
        assertThat(rejected("""
                plans:
                  starter:
                    currency: USD
                    limits:
                      monthlyExecutions: -5
                      storage: lots
                """).problems()).extracting(Problem::path)
                .containsExactly("plans.starter.limits.monthlyExecutions", "plans.starter.limits.storage");
    }

    @Test
    void invalidYamlIsReportedWithItsLine() {
        ConfigurationException e = rejected("plans:\n  starter:\n    currency: [USD\n");
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("line"));
    }

    @Test
    void aDuplicateKeyIsRejected() {
        ConfigurationException e = rejected("plans:\n  starter:\n    currency: USD\n    currency: EUR\n");
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("currency"));
    }

    @Test
    void aDocumentWithoutPlansIsRejected() {
        assertThat(rejected("tiers: {}\n").problems()).extracting(Problem::path).containsExactly("tiers", "plans");
        assertThat(rejected("").problems()).extracting(Problem::path).containsExactly("plans");
    }

    @Test
    void aJsonPlanFileIsReadToo() {
        PlanCatalog catalog = PlanCatalog.parse("""
                {"plans": {"starter": {"currency": "EUR", "baseFee": "9.90",
                  "meters": {"executions": {"model": "per_unit", "unitPrice": "0.0001"}}}}}
                """, "test.json");
        PricePlan plan = catalog.plan(Tier.STARTER).orElseThrow();
        assertThat(plan.baseFee()).isEqualByComparingTo("9.90");
        assertThat(plan.currency().getCurrencyCode()).isEqualTo("EUR");
    }

    @Test
    void decimalsAreReadExactlyWithoutBinaryFloatingPoint() {
        PlanCatalog catalog = PlanCatalog.parse("""
                plans:
                  starter:
                    currency: USD
                    meters:
                      executions:
                        model: per_unit
                        unitPrice: 0.0000001234567890123456789
                """, "test");
        MeterPrice price = catalog.plan(Tier.STARTER).orElseThrow().meters()
                .get(dev.tenantry.spi.metering.Meter.EXECUTIONS);
        assertThat(((MeterPrice.PerUnit) price).unitPrice()).isEqualByComparingTo("0.0000001234567890123456789");
    }

    @Test
    void underscoresMayGroupDigits() {
        PlanCatalog catalog = PlanCatalog.parse("""
                plans:
                  starter:
                    currency: USD
                    meters:
                      executions:
                        model: graduated
                        freeUnits: "10_000"
                        tiers:
                          - upTo: 1_000_000
                            unitPrice: 0.0001
                          - unitPrice: 0.00005
                """, "test");
        MeterPrice.Graduated price = (MeterPrice.Graduated) catalog.plan(Tier.STARTER).orElseThrow().meters()
                .get(dev.tenantry.spi.metering.Meter.EXECUTIONS);
        assertThat(price.freeUnits()).isEqualByComparingTo("10000");
        assertThat(price.tiers().getFirst().upTo()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1000000"));
    }

    @Test
    void theDefaultPlansPriceTheFourStandardTiers() {
        PlanCatalog catalog = PlanCatalog.defaults();
        assertThat(catalog.plans().keySet())
                .containsExactly(Tier.STARTER, Tier.PROFESSIONAL, Tier.BUSINESS, Tier.ENTERPRISE);
        assertThat(catalog.currency().getCurrencyCode()).isEqualTo("USD");
    }
}
