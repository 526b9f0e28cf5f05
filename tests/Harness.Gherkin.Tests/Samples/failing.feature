Feature: Failing sample

  Scenario: A step throws
    Given a counter starting at 1
    When I add 2
    Then the counter is 4
    And the counter is 3
