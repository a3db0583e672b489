package io.streetdigits.gateway;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.streetdigits.gateway.problem.Problem;
import io.streetdigits.gateway.security.ApiKeyFilter;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * What the resources' annotations cannot say in one place, added to the OpenAPI document when it is built: the
 * two error bodies as reusable responses, which operations name with {@code @APIResponse(ref = ...)}, and the API
 * key on exactly the operations {@link ApiKeyFilter} guards, with their 401, so the document cannot drift from
 * the filter.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {

    /** An {@code application/problem+json} body: every error of the gateway's own API and every 401. */
    public static final String PROBLEM = "Problem";

    /** The Open Inference Protocol's {@code {"error": "..."}} body: the errors of {@code /v2}. */
    public static final String INFERENCE_ERROR = "InferenceError";

    /** The scheme {@code quarkus.smallrye-openapi.security-scheme-name} names in application.properties. */
    static final String API_KEY_SCHEME = "api-key";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents()
                .addResponse(PROBLEM, errorResponse("The request was refused; the detail names the input and the"
                        + " limit (RFC 9457)", Problem.MEDIA_TYPE, PROBLEM))
                .addResponse(INFERENCE_ERROR, errorResponse("The request was refused, in the protocol's error"
                        + " format", MediaType.APPLICATION_JSON, INFERENCE_ERROR));
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (ApiKeyFilter.requiresKey(path)) {
                item.getOperations().values().forEach(operation -> {
                    operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(API_KEY_SCHEME));
                    operation.getResponses().addAPIResponse("401", OASFactory.createAPIResponse().ref(PROBLEM));
                });
            }
        });
    }

    private static APIResponse errorResponse(String description, String mediaType, String schema) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(mediaType, OASFactory.createMediaType().schema(OASFactory.createSchema().ref(schema))));
    }
}
