package io.streetdigits.gateway;

import io.restassured.filter.Filter;

/** The test tenants' keys (see the %test profile) and a filter that sends acme's key unless a test sets one. */
final class ApiKeys {

    static final String ACME = "acme-test-key";
    static final String GLOBEX = "globex-test-key";
    static final String OPS_ADMIN = "ops-test-key";

    static final Filter DEFAULT = (request, response, context) -> {
        if (!request.getHeaders().hasHeaderWithName("X-API-Key")) {
            request.header("X-API-Key", ACME);
        }
        return context.next(request, response);
    };

    private ApiKeys() {
    }
}
