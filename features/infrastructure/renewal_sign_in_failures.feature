@INFRA-2 @TEST-11 @PROD-08
Feature: A renewal that cannot sign in is a problem to fix, not a crash loop
  When the client secret expires, the administrator revokes consent or the service account's sign-in
  is revoked, renewing the subscription fails. The calendar then shows what to do, the integration's
  problem address gets one e-mail, the cron keeps running and retries on each run, and as soon as the
  operator fixes it the same subscription is renewed before it expires and the problem is gone.

  @PROD-01 @TEST-02 @misconfiguration
  Scenario: The client secret expires; with a new secret the renewals resume
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When the app's client secret expires
    And 2 simulated days pass, stopping wherever something falls due
    Then the calendar "room.amsterdam" keeps its subscription but shows the problem "Sign-in failed: the client secret has expired; create a new one and update the integration (PROD-01)."
    And an e-mail to "facilities@contoso.example" says "room.amsterdam" cannot sync: "the client secret has expired"
    And 1 e-mail to "facilities@contoso.example" says "room.amsterdam" cannot sync
    And the cron status says "is running"
    When the administrator creates a new client secret and the integration is given it
    And 5 simulated minutes pass in cron intervals
    Then the calendar "room.amsterdam" has no problem
    And the calendar's subscription was renewed to expire more than 2 days from now
    When a meeting is booked in the room "room.amsterdam"
    Then the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"

  @PROD-02 @TEST-06 @misconfiguration
  Scenario: Admin consent is revoked; once it is granted again the renewals resume on the next cron run
    # After a 403 the service asks for a new token: only a new token carries permissions granted again.
    Given the sync service is running with the cron
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration is active
    When the tenant's administrator revokes the app's consent
    And 2 simulated days pass, stopping wherever something falls due
    Then the calendar "room.amsterdam" keeps its subscription but shows the problem "Access to room.amsterdam@contoso-demo.onmicrosoft.com denied: grant the application permission Calendars.ReadWrite and admin consent in this tenant (TEST-06, PROD-02)."
    And 1 e-mail to "facilities@contoso.example" says "room.amsterdam" cannot sync
    And the cron status says "is running"
    When the tenant's administrator grants admin consent again
    And 5 simulated minutes pass in cron intervals
    Then the calendar "room.amsterdam" has no problem
    And the calendar's subscription was renewed to expire more than 2 days from now

  @TEST-13 @TEST-08 @misconfiguration
  Scenario: The service account's sign-in is revoked (mode A); connecting again resumes the renewals
    Given the sync service is running with the cron
    And integration mode A connects the service account "booking.service" for the object "Main office"
    And the integration is active
    When the sign-in sessions of "booking.service" are revoked
    And 2 simulated days pass, stopping wherever something falls due
    Then the calendar "me" keeps its subscription but shows the problem "The service account's sign-in no longer works: AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. Run Step 2 (connect) again (TEST-08, TEST-13)."
    And an e-mail to "facilities@contoso.example" says "me" cannot sync: "Run Step 2 (connect) again"
    And 1 e-mail to "facilities@contoso.example" says "me" cannot sync
    When the service account "booking.service" connects again
    And 5 simulated minutes pass in cron intervals
    Then the calendar "me" has no problem
    And the calendar's subscription was renewed to expire more than 2 days from now
