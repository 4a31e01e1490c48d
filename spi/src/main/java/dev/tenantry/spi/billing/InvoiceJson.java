package dev.tenantry.spi.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The canonical JSON form of an {@link Invoice}: the same invoice always gives the same bytes, so an invoice
 * can be stored, hashed, signed or compared byte for byte. It lives in the SPI, next to {@link Invoice}, so that
 * a server can render invoices without knowing which billing engine made them.
 *
 * <p>The form: UTF-8, no whitespace, keys in a fixed order (the order of the record components), every
 * decimal as a JSON <em>string</em> in plain notation (never a JSON number, so that no client parses money as
 * a binary floating-point value); money amounts keep the currency's minor units ({@code "12.30"}), other
 * decimals (quantities, unit prices) lose trailing zeros ({@code "0.0001"}, {@code "1500"}); instants in
 * ISO-8601 UTC ({@code "2026-11-01T00:00:00Z"}); an absent optional value is {@code null}. Strings are escaped
 * as RFC 8259 requires, with every control character as {@code \\uXXXX} except {@code \\n}, {@code \\r},
 * {@code \\t}, {@code \\b} and {@code \\f}.
 *
 * <p>Stateless and thread-safe.
 */
public final class InvoiceJson {
    private InvoiceJson() {
    }

    /** {@return the canonical JSON of {@code invoice}} */
    public static String write(Invoice invoice) {
        StringBuilder out = new StringBuilder(512 + 256 * invoice.lines().size());
        out.append('{');
        field(out, "tenant").append(string(invoice.tenant().value())).append(',');
        field(out, "from").append(string(invoice.from().toString())).append(',');
        field(out, "to").append(string(invoice.to().toString())).append(',');
        field(out, "currency").append(string(invoice.currency().getCurrencyCode())).append(',');
        field(out, "lines").append('[');
        List<LineItem> lines = invoice.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            line(out, lines.get(i));
        }
        out.append("],");
        field(out, "subtotal").append(money(invoice.subtotal())).append(',');
        field(out, "discounts").append(money(invoice.discounts())).append(',');
        field(out, "minimumTopUp").append(money(invoice.minimumTopUp())).append(',');
        field(out, "total").append(money(invoice.total()));
        return out.append('}').toString();
    }

    private static void line(StringBuilder out, LineItem line) {
        out.append('{');
        field(out, "code").append(string(line.code())).append(',');
        field(out, "description").append(string(line.description())).append(',');
        field(out, "quantity").append(decimal(line.quantity())).append(',');
        field(out, "freeUnits").append(decimal(line.freeUnits())).append(',');
        field(out, "unitPrice").append(decimal(line.unitPrice())).append(',');
        field(out, "tiers").append('[');
        List<TierCharge> tiers = line.tiers();
        for (int i = 0; i < tiers.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            TierCharge tier = tiers.get(i);
            out.append('{');
            field(out, "from").append(decimal(tier.from())).append(',');
            field(out, "upTo").append(decimal(tier.upTo())).append(',');
            field(out, "quantity").append(decimal(tier.quantity())).append(',');
            field(out, "unitPrice").append(decimal(tier.unitPrice())).append(',');
            field(out, "flatFee").append(decimal(tier.flatFee())).append(',');
            field(out, "amount").append(decimal(tier.amount()));
            out.append('}');
        }
        out.append("],");
        field(out, "amount").append(money(line.amount()));
        out.append('}');
    }

    private static StringBuilder field(StringBuilder out, String name) {
        return out.append('"').append(name).append("\":");
    }

    private static String money(Money money) {
        return '"' + money.amount().toPlainString() + '"';
    }

    private static String decimal(Optional<BigDecimal> value) {
        return value.map(InvoiceJson::decimal).orElse("null");
    }

    private static String decimal(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        return '"' + stripped.toPlainString() + '"';
    }

    /** {@return {@code text} as a quoted JSON string} */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
