@TEST-13
Feature: The screens are for signed-in operators
  The auth, configuration and diagnostics screens need an operator's sign-in (created with
  `dotnet OutlookSync.dll add-operator <name>`). Wrong passwords lock the account for a while, and every
  form carries an antiforgery token.

  Background:
    Given the sync service is running

  Scenario: A screen opened without signing in leads to the sign-in page
    When someone who is not signed in opens "/integrations/1/settings"
    Then they see the sign-in page

  Scenario: Five wrong passwords lock the operator out for a while, even with the right password
    When someone signs in as the operator with a wrong password 5 times
    And the operator signs in with the right password
    Then the sign-in page says "Too many wrong passwords: sign-in is locked until"

  Scenario: A form posted without its antiforgery token is refused and changes nothing
    Given the operator is signed in
    When the operator creates the integration "Rooms" in mode B with the demo app's tenant ID, client ID and client secret
    And a form of the screens is posted without its antiforgery token
    Then the service answers 400 and nothing changed
