package io.meterbridge.dsmr;

import org.apache.camel.spi.Metadata;

/** Headers the {@code dsmr} data format sets. */
public final class DsmrConstants {

    @Metadata(description = "valid, corrected, unchecked, accepted_invalid or rejected", javaType = "String")
    public static final String VALIDITY = "MeterbridgeValidity";
    @Metadata(description = "Why a telegram was corrected or rejected", javaType = "String")
    public static final String REASON = "MeterbridgeValidityReason";
    @Metadata(description = "The parsed telegram", javaType = "io.meterbridge.dsmr.Telegram")
    public static final String TELEGRAM = "MeterbridgeTelegram";
    @Metadata(description = "The frame as it arrived, set when it was not simply valid", javaType = "byte[]")
    public static final String RAW = "MeterbridgeRaw";
    @Metadata(description = "The meter's equipment id", javaType = "String")
    public static final String METER = "MeterbridgeMeter";

    private DsmrConstants() {
    }
}
