package io.eventbank.web.banking.web;

import io.eventbank.web.signin.infrastructure.SignInConfiguration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    @GetMapping("/")
    String home(Authentication authentication) {
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        return signedIn ? "redirect:/accounts" : "index";
    }

    /** auth-service's sign-up form, inside the sign-in flow: once signed up and in, the customer lands here signed in. */
    @GetMapping("/signup")
    String signUp() {
        return "redirect:" + SignInConfiguration.SIGN_UP_PATH;
    }
}
