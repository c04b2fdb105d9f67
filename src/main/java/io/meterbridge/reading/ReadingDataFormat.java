package io.meterbridge.reading;

import java.io.InputStream;
import java.io.OutputStream;

import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

/**
 * A data format that turns what a meter sends (bytes) into a {@code List<Reading>}; the sources only read, so
 * marshalling is refused. Subclasses implement {@link #read(Exchange, byte[])}.
 */
public abstract class ReadingDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    /** The readings in {@code bytes}; an exception says why there are none. */
    protected abstract Object read(Exchange exchange, byte[] bytes) throws Exception;

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) {
        throw new UnsupportedOperationException(getDataFormatName() + " reads what meters send; it does not write it");
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        return unmarshal(exchange, (Object) stream);
    }

    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        return read(exchange, exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, body));
    }
}
