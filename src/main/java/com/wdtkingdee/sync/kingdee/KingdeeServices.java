package com.wdtkingdee.sync.kingdee;

import java.net.URI;
import java.util.Objects;

/**
 * Service names of the 金蝶云星空 WebAPI and the endpoint URL built from them:
 * {@code POST {base}/Kingdee.BOS.WebApi.ServicesStub.{service}.common.kdsvc}.
 */
public final class KingdeeServices {

    /** User/password session login. */
    public static final String VALIDATE_USER = "AuthService.ValidateUser";
    /** Third-party app login sending the app secret in clear. */
    public static final String LOGIN_BY_APP_SECRET = "AuthService.LoginByAppSecret";
    /** Third-party app login with a SHA-256 signature, see {@link LoginBySignSigner}. */
    public static final String LOGIN_BY_SIGN = "AuthService.LoginBySign";
    /** Batch create/update; results per {@code DIndex}. */
    public static final String BATCH_SAVE = "DynamicFormService.BatchSave";
    /** Tabular query; answers a 2-D array. */
    public static final String EXECUTE_BILL_QUERY = "DynamicFormService.ExecuteBillQuery";
    /** Distributes base data to other organisations. */
    public static final String ALLOCATE = "DynamicFormService.Allocate";
    /** Submit by numbers or ids. */
    public static final String SUBMIT = "DynamicFormService.Submit";
    /** Audit by numbers or ids. */
    public static final String AUDIT = "DynamicFormService.Audit";
    /** Single-record save. */
    public static final String SAVE = "DynamicFormService.Save";

    private static final String PREFIX = "Kingdee.BOS.WebApi.ServicesStub.";
    private static final String SUFFIX = ".common.kdsvc";

    private KingdeeServices() {
    }

    /**
     * The endpoint of {@code service} under {@code baseUrl} (e.g. {@code http://erp.host/k3cloud/}); any number of
     * trailing slashes on the base is tolerated.
     *
     * @throws IllegalArgumentException if the base URL is blank or not an absolute URI, or the service is blank
     */
    public static URI uri(String baseUrl, String service) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(service, "service");
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.isEmpty()) {
            throw new IllegalArgumentException("Kingdee base URL is blank");
        }
        if (service.isBlank()) {
            throw new IllegalArgumentException("Kingdee service name is blank");
        }
        URI uri = URI.create(base + "/" + PREFIX + service.strip() + SUFFIX);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("Kingdee base URL must be absolute, e.g. http://erp.host/k3cloud/");
        }
        return uri;
    }
}
