package io.streetdigits.inference.model;

import io.streetdigits.core.contract.ApiKeys;
import io.streetdigits.inference.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The management API ({@code /api/...}) only for the operators' API keys ({@link InferenceConfig.Auth}). Application
 * scoped, so that it is created on the first request, when the runtime configuration is there.
 */
@ApplicationScoped
public class ManagementKeyFilter {

    @Inject
    InferenceConfig config;

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        InferenceConfig.Auth auth = config.inference().auth();
        if (!request.getUriInfo().getPath().startsWith("/api/") || !auth.enabled()) {
            return null;
        }
        String key = ApiKeys.presented(request.getHeaderString(ApiKeys.HEADER),
                request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return unauthorized(ApiKeys.HOW_TO_SEND);
        }
        if (auth.apiKeys().orElse(List.of()).stream().noneMatch(expected -> ApiKeys.matches(expected, key))) {
            return unauthorized("the API key is not one of this service's operators"
                    + " (streetdigits.inference.auth.api-keys)");
        }
        return null;
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(ModelsResource.problem(Response.Status.UNAUTHORIZED, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey").build();
    }
}
