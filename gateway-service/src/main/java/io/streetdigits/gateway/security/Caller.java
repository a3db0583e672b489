package io.streetdigits.gateway.security;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling, as the API key said; set by {@link ApiKeyFilter} for every API request. */
@RequestScoped
public class Caller {

    private String tenant;
    private boolean admin;

    void set(String tenant, boolean admin) {
        this.tenant = tenant;
        this.admin = admin;
    }

    public String tenant() {
        return tenant;
    }

    public boolean admin() {
        return admin;
    }

    /** Whether this caller may see something submitted by {@code owner} (admins see everything). */
    public boolean mayRead(String owner) {
        return admin || (tenant != null && tenant.equals(owner));
    }
}
