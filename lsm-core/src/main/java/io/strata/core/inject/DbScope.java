package io.strata.core.inject;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import javax.inject.Scope;

/** One instance per open database. */
@Scope
@Retention(RetentionPolicy.RUNTIME)
public @interface DbScope {}
