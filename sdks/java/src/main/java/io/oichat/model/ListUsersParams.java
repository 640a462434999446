package io.oichat.model;

/** {@code users().list(…)}: which role, how many, and from where; every field optional. */
public final class ListUsersParams {
    private final UserRole role;
    private final Integer limit;
    private final String cursor;

    private ListUsersParams(Builder b) {
        role = Params.known(b.role, "ListUsersParams", "role");
        limit = b.limit;
        cursor = b.cursor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every user of the project, first page, default size. */
    public static ListUsersParams all() {
        return builder().build();
    }

    public UserRole role() {
        return role;
    }

    public Integer limit() {
        return limit;
    }

    public String cursor() {
        return cursor;
    }

    public Builder toBuilder() {
        return new Builder().role(role).limit(limit).cursor(cursor);
    }

    @Override
    public String toString() {
        return "ListUsersParams{role=" + role + ", limit=" + limit + ", cursor=" + cursor + "}";
    }

    public static final class Builder {
        private UserRole role;
        private Integer limit;
        private String cursor;

        private Builder() {}

        /** Only users of this role; null: every role. */
        public Builder role(UserRole role) {
            this.role = role;
            return this;
        }

        /** 1–100, default 20. */
        public Builder limit(Integer limit) {
            this.limit = limit;
            return this;
        }

        /** {@code nextCursor()} of the previous page of the same list (same role); null for the first. */
        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public ListUsersParams build() {
            return new ListUsersParams(this);
        }
    }
}
