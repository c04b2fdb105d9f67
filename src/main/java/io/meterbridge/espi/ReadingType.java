package io.meterbridge.espi;

import java.math.BigDecimal;
import java.util.Currency;

import io.meterbridge.reading.Fields;

/**
 * What an ESPI series measures: its unit of measure (uom), the power of ten its integers are scaled by, the flow
 * direction, the commodity and the currency of its costs. It decides the measurement and the field name a value
 * becomes, and converts values to the field's unit.
 */
record ReadingType(int uom, int powerOfTenMultiplier, int flowDirection, Integer commodity, Integer currency,
                   Long intervalLength) {

    /** ESPI unit-of-measure codes meterbridge turns into fields (IEC 61968-9 / ESPI UnitSymbolKind). */
    static final int UOM_WH = 72;
    static final int UOM_THERM = 169;
    static final int UOM_M3 = 42;
    static final int UOM_FT3 = 119;
    /** 1 therm is 105.5 MJ: 29.3071 kWh, as US utilities bill it. */
    static final BigDecimal KWH_PER_THERM = new BigDecimal("29.3071");
    static final BigDecimal M3_PER_FT3 = new BigDecimal("0.028316846592");

    static ReadingType of(XmlTree.Node rt) throws EspiRejectedException {
        Long uom = rt.number("uom");
        if (uom == null) {
            throw new EspiRejectedException("a ReadingType without <uom>");
        }
        Long pow = rt.number("powerOfTenMultiplier");
        Long flow = rt.number("flowDirection");
        Long commodity = rt.number("commodity");
        Long currency = rt.number("currency");
        return new ReadingType(uom.intValue(), pow == null ? 0 : pow.intValue(), flow == null ? 1 : flow.intValue(),
                commodity == null ? null : commodity.intValue(), currency == null ? null : currency.intValue(),
                rt.number("intervalLength"));
    }

    /** ESPI commodity 7 (natural gas) or 8 (propane), or gas by its unit; water 4, 9; heat 10, 12; else electricity. */
    String measurement(Integer usagePointKind) {
        if (usagePointKind != null) {
            switch (usagePointKind) {
                case 0 -> {
                    return Fields.ELECTRICITY;
                }
                case 1 -> {
                    return Fields.GAS;
                }
                case 2 -> {
                    return Fields.WATER;
                }
                case 3 -> {
                    return Fields.HEAT;
                }
                default -> {
                    // time-of-use, tariffs and other kinds: decided by the reading type below
                }
            }
        }
        if (commodity != null) {
            switch (commodity) {
                case 7, 8 -> {
                    return Fields.GAS;
                }
                case 4, 9, 11 -> {
                    return Fields.WATER;
                }
                case 10, 12, 13 -> {
                    return Fields.HEAT;
                }
                default -> {
                    // electricity and the rest
                }
            }
        }
        return uom == UOM_THERM ? Fields.GAS : Fields.ELECTRICITY;
    }

    /** The direction part of an interval field name: 1 delivered to the home, 19 received from it, 4 net. */
    String direction() throws EspiRejectedException {
        return switch (flowDirection) {
            case 0, 1 -> "import";
            case 19 -> "export";
            case 4 -> "net";
            default -> throw new EspiRejectedException("flowDirection " + flowDirection + " is not one meterbridge reads"
                    + " (1 delivered, 19 received, 4 net)");
        };
    }

    /** Whether values of this type can be written at all. */
    boolean supported() {
        return uom == UOM_WH || uom == UOM_THERM || uom == UOM_M3 || uom == UOM_FT3;
    }

    /** The raw integer scaled by the power of ten, exactly, in the reading type's own unit. */
    BigDecimal scaled(long raw) {
        return BigDecimal.valueOf(raw).scaleByPowerOfTen(powerOfTenMultiplier);
    }

    /** Currency code of costs, USD when the type names none (every ESPI utility so far bills in dollars). */
    String currencyCode() {
        if (currency != null) {
            for (Currency c : Currency.getAvailableCurrencies()) {
                if (c.getNumericCode() == currency) {
                    return c.getCurrencyCode();
                }
            }
        }
        return "USD";
    }
}
