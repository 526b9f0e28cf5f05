@TEST-13 @STEP-5
Feature: The auth screen: Step 1 consent and Step 2 connect, through Entra ID's own pages
  The operator fills in the auth screen's fields, registers the redirect URI it shows, and runs Step 1
  (an administrator grants consent on Entra ID's page) and, in mode A, Step 2 (the dedicated service
  account signs in). Each step shows its state; Entra ID's refusals are shown with what to do.

  Background:
    Given the sync service is running
    And the operator is signed in

  Scenario: Mode B: an administrator grants admin consent (Step 1) on Entra ID's page
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    Then the auth screen shows the redirect URI to register, with a copy button
    Given the administrator adds the integration's redirect URI to the app registration
    When the operator grants admin consent (Step 1)
    Then the banner says "Done on"
    And the auth screen shows Step 1 done, saying "Done on"
    And the operator's screen is kept as "auth-mode-b"

  Scenario: Mode A: consent (Step 1) by an administrator, then the service account connects (Step 2)
    When the operator creates the integration "Service account" in mode A with the demo app's tenant ID, client ID and client secret
    And the administrator adds the integration's redirect URI to the app registration
    And the operator grants consent (Step 1)
    Then the auth screen shows Step 1 done, saying "by alex.wilber@contoso-demo.onmicrosoft.com"
    When the operator connects the service account "booking.service" (Step 2)
    Then the auth screen shows Step 2 done, saying "Connected as booking.service@contoso-demo.onmicrosoft.com"
    And the operator's screen is kept as "auth-mode-a"

  @misconfiguration
  Scenario: The administrator declines consent: the auth screen says so and what to do
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And the administrator adds the integration's redirect URI to the app registration
    And the administrator declines consent (Step 1)
    Then the auth screen shows Step 1 failed, saying "Consent was declined: run the step again and accept"

  @misconfiguration @TEST-03
  Scenario: The redirect URI is not registered yet: the auth screen warns, naming the URI to register
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    Then the auth screen warns "AADSTS50011"
    And the auth screen warns "register this redirect URI: http://127.0.0.1"
