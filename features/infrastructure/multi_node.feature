@postgresql @INFRA-4 @TEST-12
Feature: Several nodes on one PostgreSQL database and one broker
  A booking system with many rooms runs web nodes behind a load balancer, workers competing on the
  queues and a cron node, all on one PostgreSQL database and one broker. Graph's notifications land
  on whichever web node the balancer picks, the workers share the jobs, a worker that stops mid-job
  loses nothing, the cron can move to another node, and two cron nodes never renew a subscription twice.

  Background:
    Given a deployment of 2 web nodes behind a load balancer, 2 worker nodes and a cron node
    And integration mode B syncs the room "room.amsterdam" to the object "Amsterdam"
    And the integration also syncs the room "room.berlin" to the object "Berlin"
    And the integration is active

  Scenario: Notifications are taken by whichever web node, and the workers share the jobs
    When a meeting "Planning" is booked in the room "room.amsterdam" from "09:00" to "10:00"
    And a meeting "Review" is booked in the room "room.berlin" from "09:00" to "10:00"
    And a meeting "Retro" is booked in the room "room.amsterdam" from "11:00" to "12:00"
    And a meeting "Budget" is booked in the room "room.berlin" from "13:00" to "14:00"
    And the meeting "Planning" is moved to "15:00"
    And the meeting "Review" is cancelled
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated
    And the object "Amsterdam" has a confirmed booking from "15:00" to "16:00"
    And every web node took some of Graph's notifications
    And every worker node processed some of the jobs

  Scenario Outline: A worker that <goes> mid-job: the other worker does the job again, nothing lost or duplicated
    Given Graph answers the next delta call for "room.amsterdam" only after 30 simulated seconds
    When a meeting is booked in the room "room.amsterdam"
    And the worker node syncing "room.amsterdam" <goes> mid-job
    And a meeting "Review" is booked in the room "room.berlin" from "13:00" to "14:00"
    Then every room's bookings match its calendar at Graph: 0 lost, 0 duplicated
    And the object "Amsterdam" has a confirmed booking from "10:00" to "11:00"
    And the object "Berlin" has a confirmed booking from "13:00" to "14:00"

    Examples:
      | goes       |
      | dies       |
      | is stopped |

  Scenario: The cron moves to another node and every subscription is still renewed in time
    When 2 simulated days pass, stopping wherever something falls due
    And the cron process stops
    And the cron starts
    And 3 simulated days pass, stopping wherever something falls due
    Then every calendar's subscription was renewed 3 or more times, each renewal once and within 2 days of its expiry
    And the cron status says "is running"

  Scenario: Two cron nodes run at the same moments and never renew a subscription twice
    Given a second cron process runs
    When 4 simulated days pass, stopping wherever something falls due
    Then every calendar's subscription was renewed 3 or more times, each renewal once and within 2 days of its expiry
