package io.streetdigits.gateway.security;

import io.streetdigits.core.contract.ApiKeys;
import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.Problem;
import io.streetdigits.gateway.web.ModelComparisonResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * API keys per tenant on every API path ({@code /api/...} and {@code /v2/...}) but the public ones. The key comes
 * as {@code X-API-Key} or {@code Authorization: Bearer <key>}; a missing or unknown key is a 401 problem. The
 * OpenAPI document declares the key on exactly the operations {@link #requiresKey} names ({@code OpenApiDocument}).
 */
public class ApiKeyFilter {

    /**
     * Paths anyone may read: the health probes, and the model comparison, which is published documentation (the
     * committed docs/model-comparison.json) that the web page charts before a key is typed.
     */
    private static final List<String> PUBLIC = List.of("/v2/health", ModelComparisonResource.PATH);

    @Inject
    GatewayConfig config;

    @Inject
    Caller caller;

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!requiresKey(path)) {
            return null;
        }
        GatewayConfig.Auth auth = config.gateway().auth();
        if (!auth.enabled()) {
            caller.set("default", true);
            return null;
        }
        String key = ApiKeys.presented(request.getHeaderString(ApiKeys.HEADER),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return unauthorized(path, ApiKeys.HOW_TO_SEND);
        }
        for (Map.Entry<String, GatewayConfig.Tenant> tenant : auth.tenants().entrySet()) {
            if (ApiKeys.matches(tenant.getValue().apiKey(), key)) {
                caller.set(tenant.getKey(), tenant.getValue().admin());
                return null;
            }
        }
        return unauthorized(path, "the API key is not known");
    }

    /** Whether a request to this path (or path template) must carry a tenant's key. */
    public static boolean requiresKey(String path) {
        return (path.startsWith("/api/") || path.startsWith("/v2/"))
                && PUBLIC.stream().noneMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }

    private static Response unauthorized(String path, String detail) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey")
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("/problems/unauthorized", "Unauthorized", 401, detail, path))
                .build();
    }
}
