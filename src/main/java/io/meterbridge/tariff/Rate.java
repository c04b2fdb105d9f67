package io.meterbridge.tariff;

/**
 * What one unit (kWh, m³) of a register costs: a fixed price, or the dynamic market price of the moment with the
 * supplier's surcharge and taxes applied as {@code (price + add) × multiply}, which is how dynamic contracts bill.
 */
sealed interface Rate {

    /** The price per unit at a time, or NaN where a dynamic price is not known for it. */
    double at(long time, Prices prices);

    record Fixed(double price) implements Rate {
        @Override
        public double at(long time, Prices prices) {
            return price;
        }
    }

    record Dynamic(double add, double multiply) implements Rate {
        @Override
        public double at(long time, Prices prices) {
            return (prices.at(time) + add) * multiply;
        }
    }
}
