package io.meterbridge.espi;

import java.util.ArrayList;
import java.util.List;

/**
 * The ESPI documents that point at data rather than hold it, read with the same guarded parser as the feeds: the
 * Authorization feed (which resources a client may fetch) and the BatchList a data custodian posts to announce
 * data ready to fetch.
 */
public final class EspiResources {

    /** ESPI AuthorizationStatus: 1 is active; 0 revoked, 2 denied. */
    private static final long ACTIVE = 1;

    private EspiResources() {
    }

    /** The resourceURI of every active Authorization in a feed or entry. */
    public static List<String> authorizedResources(byte[] xml) throws EspiRejectedException {
        XmlTree.Node root = XmlTree.parse(xml, 1_000_000);
        List<XmlTree.Node> entries = XmlTree.entries(root);
        List<String> resources = new ArrayList<>();
        for (XmlTree.Node entry : entries == null ? List.of(root) : entries) {
            XmlTree.Node content = entry.child("content");
            XmlTree.Node auth = content == null ? null : content.child("Authorization");
            if (auth == null) {
                continue;
            }
            Long status = auth.number("status");
            String resource = auth.text("resourceURI");
            if (resource != null && (status == null || status == ACTIVE)) {
                resources.add(resource);
            }
        }
        return resources;
    }

    /** The resource links of a BatchList, as posted (a stray literal {@code \n} after the declaration is tolerated). */
    public static List<String> batchList(byte[] xml) throws EspiRejectedException {
        XmlTree.Node root = XmlTree.parse(xml, 10_000);
        if (!root.name().equals("BatchList")) {
            throw new EspiRejectedException("<" + root.name() + "> is not a BatchList");
        }
        List<String> links = new ArrayList<>();
        for (XmlTree.Node r : root.all("resources")) {
            if (!r.text().isEmpty()) {
                links.add(r.text());
            }
        }
        return links;
    }
}
