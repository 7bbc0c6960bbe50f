package io.eventbank.web.banking.web;

import io.eventbank.web.banking.application.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The signed-in customer's name on every page; an API refusal no page handles becomes a page in plain words. */
@ControllerAdvice
class CustomerAdvice {

    @ModelAttribute("customer")
    String customer(Authentication authentication) {
        if (authentication == null) {
            return null;
        }
        if (authentication.getPrincipal() instanceof OidcUser user) {
            return user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject();
        }
        return authentication.getName();
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, Model model, HttpServletResponse response) {
        response.setStatus(problem.notFound() ? 404 : problem.status() >= 500 ? 502 : problem.status());
        model.addAttribute("message", ProblemMessages.of(problem));
        return "problem";
    }
}
