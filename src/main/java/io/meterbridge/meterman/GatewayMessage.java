package io.meterbridge.meterman;

import java.util.List;

/**
 * One message from the meterman gateway, split as the wire has it: {@code G>S:<type>;<header>;<detail>;…}, records
 * separated by {@code ;}, fields by {@code ,}. For node messages passed through, the header starts with the node id
 * and repeats the radio type ({@code 2,MUP_,1511737199,5622}). The gateway snapshot's AES key is never kept here.
 */
public record GatewayMessage(String type, List<String> header, List<List<String>> details) {

    public String header(int index) {
        return index < header.size() ? header.get(index) : null;
    }
}
