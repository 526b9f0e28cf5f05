@sample @TEST-10
Feature: Passing sample
  A feature whose scenarios all pass, with a background, a rule and an outline.

  Background:
    Given a counter starting at 1

  Scenario: Plain scenario
    When I add 2
    Then the counter is 3

  @INFRA-1
  Scenario Outline: Outline rows
    When I add <amount>
    Then the counter is <total>

    Examples:
      | amount | total |
      | 1      | 2     |
      | 5      | 6     |

  @rule-tag
  Rule: Tagged rule
    Scenario: Scenario inside a rule
      When I add the numbers
        | amount |
        | 4      |
        | 5      |
      Then the counter is 10
