@INFRA-2
Feature: A large integration is activated and deactivated in the background, with its progress shown
  Subscribing thousands of room calendars takes longer than any proxy lets an HTTP request wait. Beyond
  a number of calendars (Activation:InlineLimit, 50 by default) the activate call answers at once and the
  workers subscribe the calendars, each followed by its first sync; the status API and the diagnostics
  screen say how far they are. Deactivating answers at once too: the workers delete the subscriptions.

  Scenario: The activate call answers at once; the calendars are subscribed once a worker runs
    Given the sync service is running without a worker, activating integrations of more than 1 calendar in the background
    And the operator is signed in
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    When the integration is activated
    Then the activation answered at once, running in the background
    And the status says of the integration's activation: "Activating: 0 of 2 calendar(s) subscribed, 2 waiting for a worker."
    And the diagnostics screen says of the integration's activation: "Activating: 0 of 2 calendar(s) subscribed, 2 waiting for a worker."
    When a worker starts
    Then the status says of the integration's activation: "All 2 calendar(s) subscribed."
    And the diagnostics screen says of the integration's activation: "All 2 calendar(s) subscribed."
    And every synced calendar has a subscription at Graph
    When a meeting is booked in the room "room.berlin"
    Then the object "Berlin" has a confirmed booking from "10:00" to "11:00"

  Scenario: Deactivating answers at once; the subscriptions are deleted at Graph once a worker runs
    Given the sync service is running without a worker, activating integrations of more than 1 calendar in the background
    And the operator is signed in
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    When the integration is activated
    And a worker starts
    And a meeting is booked in the room "room.berlin"
    Then the object "Berlin" has a confirmed booking from "10:00" to "11:00"
    When the workers stop
    And the operator deactivates the integration
    Then the banner says "are being deleted at Graph in the background"
    And the status says of the integration's activation: "Inactive: 2 subscription(s) still to delete at Graph."
    And the diagnostics screen says of the integration's activation: "Inactive: 2 subscription(s) still to delete at Graph."
    When a worker starts
    Then the status says of the integration's activation: "Inactive."
    And the simulator lists no subscriptions for the app
    And the object "Berlin" has a confirmed booking from "10:00" to "11:00"
